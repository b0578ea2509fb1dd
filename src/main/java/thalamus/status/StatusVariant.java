package thalamus.status;

import java.time.Instant;
import java.util.UUID;
import thalamus.http.Timestamps;

/** One partner's status variant as stored; {@code id} is internal (it orders listings), {@code externalId} is the partner's. */
record StatusVariant(
        long id,
        UUID uuid,
        String externalId,
        String label,
        StatusCategory mappedStatus,
        String sourceSystem,
        String status,
        int version,
        Instant createdAt,
        Instant updatedAt) {

    /** The response shape of CONTRACT.md §2; the partner's own id is "id" there. */
    record View(UUID uuid, String id, String label, String status, StatusCategory.View mappedStatus,
                String sourceSystem, int version, String createdAt, String updatedAt) {
    }

    View view() {
        return new View(uuid, externalId, label, status, mappedStatus.view(), sourceSystem, version,
                Timestamps.format(createdAt), Timestamps.format(updatedAt));
    }
}
