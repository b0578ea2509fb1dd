package thalamus.status;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import thalamus.http.Fields;
import thalamus.http.Fields.Text;
import thalamus.http.Provided;

/**
 * A validated upsert request (CONTRACT.md §2). Absent optional fields keep their stored value on
 * update; {@code source_system: null} clears it.
 */
public record StatusVariantInput(
        String id,
        String label,
        StatusCategory mappedStatus,
        Provided<String> sourceSystem,
        Provided<String> status) {

    static final List<String> STATUSES = List.of("active", "inactive");

    /** A variant with the given values and every optional field absent. */
    public static StatusVariantInput of(String id, String label, String mappedStatus) {
        return new StatusVariantInput(id, label, StatusCategory.of(mappedStatus), Provided.absent(), Provided.absent());
    }

    static StatusVariantInput parse(ObjectNode body) {
        var fields = new Fields(body);
        var id = fields.requiredText("id", Text.IDENTIFIER, 256);
        var label = fields.requiredText("label", Text.LINE, 128);
        var mappedStatus = fields.requiredOneOf("mapped_status", StatusCategory.VALUES);
        var sourceSystem = fields.optionalText("source_system", Text.IDENTIFIER, 256, true);
        var status = fields.optionalOneOf("status", STATUSES);
        fields.throwIfInvalid();
        return new StatusVariantInput(id, label, StatusCategory.of(mappedStatus), sourceSystem, status);
    }
}
