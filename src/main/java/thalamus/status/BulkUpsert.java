package thalamus.status;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import thalamus.http.ApiError;

/**
 * A bulk upsert request: every item validated on its own, the valid ones applied together. When
 * an id repeats, its last item wins and every item with that id reports the applied outcome.
 */
final class BulkUpsert {
    static final int MAX_ITEMS = 1_000;

    /** One line of the answer; {@code uuid} and {@code version} for applied items, {@code errors} for invalid ones. */
    record ItemResult(int index, String id, String result,
                      @JsonInclude(JsonInclude.Include.NON_NULL) UUID uuid,
                      @JsonInclude(JsonInclude.Include.NON_NULL) Integer version,
                      @JsonInclude(JsonInclude.Include.NON_NULL) Map<String, List<String>> errors) {
    }

    record Counts(int created, int updated, int unchanged, int invalid) {
    }

    record Result(List<ItemResult> items, Counts counts) {
    }

    private final List<JsonNode> items;
    private final Map<Integer, Map<String, List<String>>> invalid = new LinkedHashMap<>();
    private final Map<String, StatusVariantInput> lastById = new LinkedHashMap<>();

    private BulkUpsert(List<JsonNode> items) {
        this.items = items;
        for (int index = 0; index < items.size(); index++) {
            var item = items.get(index);
            if (!item.isObject()) {
                invalid.put(index, Map.of("item", List.of("item must be a JSON object.")));
                continue;
            }
            try {
                var input = StatusVariantInput.parse((ObjectNode) item);
                lastById.remove(input.id()); // keep insertion order of the winning item
                lastById.put(input.id(), input);
            } catch (ApiError.ValidationFailed e) {
                invalid.put(index, e.errors());
            }
        }
    }

    static BulkUpsert parse(ObjectNode body) {
        var items = body.get("items");
        if (items == null || !items.isArray()) {
            throw ApiError.ValidationFailed.of("items", "items is required and must be an array of status variants.");
        }
        if (items.size() > MAX_ITEMS) {
            throw ApiError.ValidationFailed.of("items",
                    "items must hold at most %d status variants (it has %d).".formatted(MAX_ITEMS, items.size()));
        }
        var list = new ArrayList<JsonNode>(items.size());
        items.forEach(list::add);
        return new BulkUpsert(list);
    }

    List<StatusVariantInput> validInputs() {
        return List.copyOf(lastById.values());
    }

    Result answer(Map<String, StatusVariantStore.Written> applied) {
        var results = new ArrayList<ItemResult>(items.size());
        int created = 0, updated = 0, unchanged = 0;
        for (int index = 0; index < items.size(); index++) {
            var idNode = items.get(index).path("id");
            var id = idNode.isTextual() ? idNode.textValue() : null;
            var errors = invalid.get(index);
            if (errors != null) {
                results.add(new ItemResult(index, id, "invalid", null, null, errors));
                continue;
            }
            var written = applied.get(id);
            var outcome = written.outcome().name().toLowerCase(java.util.Locale.ROOT);
            switch (written.outcome()) {
                case CREATED -> created++;
                case UPDATED -> updated++;
                case UNCHANGED -> unchanged++;
            }
            results.add(new ItemResult(index, id, outcome, written.variant().uuid(), written.variant().version(), null));
        }
        return new Result(results, new Counts(created, updated, unchanged, invalid.size()));
    }
}
