package thalamus.status;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.UUID;
import thalamus.http.Json;
import thalamus.http.Timestamps;

/** One recorded version of a status variant: what changed, when, and with which API key. */
record StatusVariantChange(int version, String action, Instant changedAt, UUID apiKeyId, String changesJson) {

    record View(int version, String action, String changedAt, UUID apiKeyId, JsonNode changes) {
    }

    View view() {
        return new View(version, action, Timestamps.format(changedAt), apiKeyId, changes());
    }

    /** {field: {from, to}} in that order; jsonb keeps its keys sorted its own way. */
    private JsonNode changes() {
        try {
            var stored = Json.MAPPER.readTree(changesJson);
            var ordered = Json.MAPPER.createObjectNode();
            stored.properties().forEach(field -> {
                ObjectNode change = ordered.putObject(field.getKey());
                change.set("from", field.getValue().get("from"));
                change.set("to", field.getValue().get("to"));
            });
            return ordered;
        } catch (Exception e) {
            throw new IllegalStateException("history row holds invalid JSON", e);
        }
    }
}
