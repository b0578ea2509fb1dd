package thalamus.status;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import thalamus.testing.Response;
import thalamus.testing.TestApp;

class BulkUpsertTest {
    private static final String PATH = "/api/v1/partner/reference/status";
    private static final String BULK = PATH + "/bulk";
    private static final ObjectMapper MAPPER = new ObjectMapper();

    @RegisterExtension
    static final TestApp app = TestApp.perClass();

    private static ObjectNode item(String id, String label, String mappedStatus) {
        return MAPPER.createObjectNode().put("id", id).put("label", label).put("mapped_status", mappedStatus);
    }

    private static String bulk(ArrayNode items) {
        return MAPPER.createObjectNode().set("items", items).toString();
    }

    @Test
    void mixed_valid_and_invalid_items_apply_the_valid_ones_and_report_each() {
        var key = app.newPartnerKey("Mixed");
        app.post(PATH, key, item("existing", "Old", "open").toString());
        app.post(PATH, key, item("same", "Same", "open").toString());
        var items = MAPPER.createArrayNode()
                .add(item("fresh", "Fresh", "new"))
                .add(item("bad-category", "X", "waiting"))
                .add(item("existing", "New label", "open"))
                .add(item("same", "Same", "open"))
                .add(MAPPER.createObjectNode().put("id", 5).put("label", " "))
                .add("not an object");

        var response = app.post(BULK, key, bulk(items));

        assertThat(response.status()).isEqualTo(200);
        assertThat(response.json().get("message").asText()).isEqualTo("Bulk upsert processed");
        var results = response.data().get("items");
        assertThat(results).hasSize(6);
        assertThat(results.get(0).get("result").asText()).isEqualTo("created");
        assertThat(results.get(0).get("uuid").asText()).hasSize(36);
        assertThat(results.get(1).get("result").asText()).isEqualTo("invalid");
        assertThat(results.get(1).get("errors").has("mapped_status")).isTrue();
        assertThat(results.get(1).has("uuid")).isFalse();
        assertThat(results.get(2).get("result").asText()).isEqualTo("updated");
        assertThat(results.get(3).get("result").asText()).isEqualTo("unchanged");
        assertThat(results.get(4).get("result").asText()).isEqualTo("invalid");
        assertThat(results.get(4).get("id").isNull()).isTrue();
        assertThat(results.get(4).get("errors").has("id")).isTrue();
        assertThat(results.get(4).get("errors").has("label")).isTrue();
        assertThat(results.get(5).get("errors").has("item")).isTrue();
        for (int i = 0; i < 6; i++) {
            assertThat(results.get(i).get("index").asInt()).isEqualTo(i);
        }
        var counts = response.data().get("counts");
        assertThat(counts.get("created").asInt()).isEqualTo(1);
        assertThat(counts.get("updated").asInt()).isEqualTo(1);
        assertThat(counts.get("unchanged").asInt()).isEqualTo(1);
        assertThat(counts.get("invalid").asInt()).isEqualTo(3);
        assertThat(app.get(PATH + "/existing", key).data().get("label").asText()).isEqualTo("New label");
        assertThat(app.get(PATH + "/bad-category", key).status()).isEqualTo(404);
    }

    @Test
    void a_repeated_id_in_one_request_lets_the_last_item_win() {
        var key = app.newPartnerKey("Repeater");
        var items = MAPPER.createArrayNode()
                .add(item("twice", "First", "open"))
                .add(item("other", "Other", "open"))
                .add(item("twice", "Second", "closed").put("source_system", "zendesk"));

        var response = app.post(BULK, key, bulk(items));

        assertThat(response.status()).isEqualTo(200);
        var results = response.data().get("items");
        assertThat(results.get(0).get("result").asText()).isEqualTo("created");
        assertThat(results.get(0).get("uuid")).isEqualTo(results.get(2).get("uuid"));
        var stored = app.get(PATH + "/twice", key).data();
        assertThat(stored.get("label").asText()).isEqualTo("Second");
        assertThat(stored.get("mapped_status").get("value").asText()).isEqualTo("closed");
        assertThat(stored.get("version").asInt()).isEqualTo(1);
        assertThat(app.queryLong("SELECT count(*) FROM status_variant WHERE external_id = 'twice'")).isEqualTo(1);
    }

    @Test
    void absent_fields_keep_their_values_per_item_and_null_clears() {
        var key = app.newPartnerKey("Semantics");
        app.post(PATH, key, item("keep", "K", "open").put("source_system", "freshdesk").put("status", "inactive").toString());
        app.post(PATH, key, item("clear", "C", "open").put("source_system", "freshdesk").toString());
        var items = MAPPER.createArrayNode()
                .add(item("keep", "K2", "open"))
                .add(item("clear", "C", "open").putNull("source_system"));

        app.post(BULK, key, bulk(items));

        var kept = app.get(PATH + "/keep", key).data();
        assertThat(kept.get("source_system").asText()).isEqualTo("freshdesk");
        assertThat(kept.get("status").asText()).isEqualTo("inactive");
        assertThat(app.get(PATH + "/clear", key).data().get("source_system").isNull()).isTrue();
    }

    @Test
    void a_thousand_items_are_accepted_and_a_thousand_and_one_refused() {
        var key = app.newPartnerKey("Thousand");
        var items = MAPPER.createArrayNode();
        for (int i = 0; i < 1_000; i++) {
            items.add(item("k" + i, "Label " + i, i % 2 == 0 ? "open" : "solved"));
        }

        var accepted = app.post(BULK, key, bulk(items));
        items.add(item("k1000", "One too many", "open"));
        var refused = app.post(BULK, key, bulk(items));

        assertThat(accepted.status()).isEqualTo(200);
        assertThat(accepted.data().get("counts").get("created").asInt()).isEqualTo(1_000);
        assertThat(app.queryLong("SELECT count(*) FROM status_variant s JOIN partner p ON p.id = s.partner_id WHERE p.name = 'Thousand'")).isEqualTo(1_000);
        assertThat(refused.status()).isEqualTo(422);
        assertThat(refused.json().get("errors").has("items")).isTrue();
        assertThat(app.get(PATH + "/k1000", key).status()).isEqualTo(404);
    }

    @Test
    void a_body_without_an_items_array_returns_422_and_an_empty_one_does_nothing() {
        var key = app.newPartnerKey("Shapes");

        assertThat(app.post(BULK, key, "{}").status()).isEqualTo(422);
        assertThat(app.post(BULK, key, "{\"items\":{}}").status()).isEqualTo(422);
        assertThat(app.post(BULK, key, "[]").status()).isEqualTo(400);
        var empty = app.post(BULK, key, "{\"items\":[]}");
        assertThat(empty.status()).isEqualTo(200);
        assertThat(empty.data().get("items")).isEmpty();
    }

    @Test
    void bulk_changes_are_recorded_in_history() {
        var key = app.newPartnerKey("Historian");
        app.post(BULK, key, bulk(MAPPER.createArrayNode().add(item("h", "A", "open"))));
        app.post(BULK, key, bulk(MAPPER.createArrayNode().add(item("h", "B", "open"))));

        var versions = app.get(PATH + "/h/history", key).data();

        assertThat(versions).hasSize(2);
        assertThat(versions.get(0).get("changes").get("label").get("to").asText()).isEqualTo("B");
        assertThat(versions.get(1).get("action").asText()).isEqualTo("created");
    }

    @Test
    void concurrent_bulk_and_single_upserts_of_overlapping_ids_never_fail() throws Exception {
        var key = app.newPartnerKey("Overlap");
        var answers = new ArrayList<Future<Response>>();
        try (var pool = Executors.newFixedThreadPool(12)) {
            for (int round = 0; round < 12; round++) {
                int r = round;
                answers.add(pool.submit(() -> {
                    var items = MAPPER.createArrayNode();
                    // Different orders and labels in every request, over the same 200 ids.
                    for (int i = 0; i < 200; i++) {
                        int n = r % 2 == 0 ? i : 199 - i;
                        items.add(item("o" + n, "Round " + r, n % 3 == 0 ? "hold" : "open"));
                    }
                    return app.post(BULK, key, bulk(items));
                }));
                for (int i = 0; i < 10; i++) {
                    int n = (round * 17 + i) % 200;
                    answers.add(pool.submit(() -> app.post(PATH, key, item("o" + n, "Single " + n, "pending").toString())));
                }
            }
        }
        for (var answer : answers) {
            assertThat(answer.get().status()).as(answer.get().toString()).isIn(200, 201);
        }
        assertThat(app.queryLong("SELECT count(*) FROM status_variant s JOIN partner p ON p.id = s.partner_id WHERE p.name = 'Overlap'")).isEqualTo(200);
    }
}
