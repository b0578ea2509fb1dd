package thalamus.status;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import thalamus.testing.Response;
import thalamus.testing.TestApp;

/** Soft delete, history and conditional requests. */
class StatusVariantChangeTest {
    private static final String PATH = "/api/v1/partner/reference/status";
    private static final ObjectMapper MAPPER = new ObjectMapper();

    @RegisterExtension
    static final TestApp app = TestApp.perClass();
    private static TestApp.PartnerKey partner;

    @BeforeAll
    static void partner() {
        partner = app.newPartner("Changer");
    }

    private static String body(String id, String label) {
        return MAPPER.createObjectNode().put("id", id).put("label", label).put("mapped_status", "pending").toString();
    }

    private Response upsert(String json, Map<String, String> headers) {
        var all = new java.util.HashMap<>(headers);
        all.put("Authorization", "Bearer " + partner.apiKey());
        all.put("Content-Type", "application/json");
        return app.send("POST", PATH, all, json.getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }

    private Response upsert(String json) {
        return upsert(json, Map.of());
    }

    private Response delete(String id, Map<String, String> headers) {
        var all = new java.util.HashMap<>(headers);
        all.put("Authorization", "Bearer " + partner.apiKey());
        return app.send("DELETE", PATH + "/" + id, all, null);
    }

    private Response history(String id) {
        return app.get(PATH + "/" + id + "/history", partner.apiKey());
    }

    @Test
    void delete_is_an_idempotent_soft_delete_and_an_upsert_brings_the_variant_back() {
        var created = upsert(body("gone", "Gone"));

        var deleted = delete("gone", Map.of());
        var again = delete("gone", Map.of());
        var stillThere = app.get(PATH + "/gone", partner.apiKey());
        var back = upsert("{\"id\":\"gone\",\"label\":\"Gone\",\"mapped_status\":\"pending\",\"status\":\"active\"}");

        assertThat(deleted.status()).isEqualTo(200);
        assertThat(deleted.data().get("status").asText()).isEqualTo("inactive");
        assertThat(deleted.data().get("version").asInt()).isEqualTo(2);
        assertThat(again.status()).isEqualTo(200);
        assertThat(again.data().get("version").asInt()).isEqualTo(2);
        assertThat(again.data().get("updated_at")).isEqualTo(deleted.data().get("updated_at"));
        assertThat(stillThere.data().get("status").asText()).isEqualTo("inactive");
        assertThat(back.status()).isEqualTo(200);
        assertThat(back.data().get("status").asText()).isEqualTo("active");
        assertThat(back.data().get("uuid")).isEqualTo(created.data().get("uuid"));
        assertThat(delete("never-existed", Map.of()).status()).isEqualTo(404);

        var versions = history("gone").data();
        assertThat(versions).hasSize(3);
        assertThat(versions.get(0).get("action").asText()).isEqualTo("reactivated");
        assertThat(versions.get(1).get("action").asText()).isEqualTo("deactivated");
        assertThat(versions.get(1).get("changes").get("status").get("to").asText()).isEqualTo("inactive");
        assertThat(versions.get(2).get("action").asText()).isEqualTo("created");
    }

    @Test
    void history_records_each_change_newest_first_with_the_key_that_made_it() throws Exception {
        upsert(body("hist", "A"));
        upsert(body("hist", "A")); // unchanged: no version
        upsert(body("hist", "B"));
        upsert("{\"id\":\"hist\",\"label\":\"B\",\"mapped_status\":\"pending\",\"source_system\":\"hubspot\"}");

        var response = history("hist");

        assertThat(response.status()).isEqualTo(200);
        var versions = response.data();
        assertThat(versions).hasSize(3);
        assertThat(versions.get(0).get("version").asInt()).isEqualTo(3);
        assertThat(versions.get(0).get("changes")).isEqualTo(MAPPER.readTree("{\"source_system\":{\"from\":null,\"to\":\"hubspot\"}}"));
        assertThat(versions.get(1).get("version").asInt()).isEqualTo(2);
        assertThat(versions.get(1).get("action").asText()).isEqualTo("updated");
        assertThat(versions.get(1).get("changes")).isEqualTo(MAPPER.readTree("{\"label\":{\"from\":\"A\",\"to\":\"B\"}}"));
        assertThat(versions.get(1).get("api_key_id").asText()).isEqualTo(partner.keyId());
        assertThat(versions.get(1).get("changed_at").asText()).endsWith("Z");
        assertThat(versions.get(2).get("action").asText()).isEqualTo("created");
        assertThat(versions.get(2).get("changes").get("label")).isEqualTo(MAPPER.readTree("{\"from\":null,\"to\":\"A\"}"));
        assertThat(response.json().get("meta").get("next_cursor").isNull()).isTrue();

        var firstPage = app.get(PATH + "/hist/history?limit=2", partner.apiKey());
        var secondPage = app.get(PATH + "/hist/history?limit=2&cursor=" + firstPage.json().get("meta").get("next_cursor").asText(), partner.apiKey());
        assertThat(firstPage.data()).hasSize(2);
        assertThat(secondPage.data()).hasSize(1);
        assertThat(secondPage.data().get(0).get("version").asInt()).isEqualTo(1);
    }

    @Test
    void history_names_the_rotated_key_that_made_a_change() {
        var added = app.post("/admin/v1/partners/" + partner.partnerUuid() + "/keys", TestApp.ADMIN_TOKEN, null);
        var otherKey = added.data().get("api_key").asText();
        upsert(body("rotated", "One"));
        app.post(PATH, otherKey, body("rotated", "Two"));

        var versions = history("rotated").data();

        assertThat(versions.get(0).get("api_key_id").asText()).isEqualTo(added.data().get("id").asText());
        assertThat(versions.get(1).get("api_key_id").asText()).isEqualTo(partner.keyId());
    }

    @Test
    void matching_if_match_applies_and_a_stale_one_returns_412_changing_nothing() {
        var created = upsert(body("cond", "First"));
        var etag = created.header("ETag");

        var stale = upsert(body("cond", "Nope"), Map.of("If-Match", "\"v7\""));
        var applied = upsert(body("cond", "Second"), Map.of("If-Match", etag));
        var replayed = upsert(body("cond", "Third"), Map.of("If-Match", etag));

        assertThat(etag).isEqualTo("\"v1\"");
        assertThat(stale.status()).isEqualTo(412);
        assertThat(stale.json().get("success").asBoolean()).isFalse();
        assertThat(applied.status()).isEqualTo(200);
        assertThat(applied.header("ETag")).isEqualTo("\"v2\"");
        assertThat(replayed.status()).isEqualTo(412);
        assertThat(app.get(PATH + "/cond", partner.apiKey()).data().get("label").asText()).isEqualTo("Second");
        assertThat(upsert(body("cond", "Any"), Map.of("If-Match", "*")).status()).isEqualTo(200);
        assertThat(upsert(body("cond-missing", "X"), Map.of("If-Match", "*")).status()).isEqualTo(412);
        assertThat(app.get(PATH + "/cond-missing", partner.apiKey()).status()).isEqualTo(404);
    }

    @Test
    void two_clients_editing_with_the_same_if_match_exactly_one_wins() throws Exception {
        var etag = upsert(body("contended", "Base")).header("ETag");
        var start = new CountDownLatch(1);
        var answers = new ArrayList<Future<Response>>();
        try (var pool = Executors.newFixedThreadPool(2)) {
            for (var label : new String[] {"Client A", "Client B"}) {
                answers.add(pool.submit(() -> {
                    start.await();
                    return upsert(body("contended", label), Map.of("If-Match", etag));
                }));
            }
            start.countDown();
        }
        var first = answers.get(0).get();
        var second = answers.get(1).get();

        assertThat(java.util.List.of(first.status(), second.status())).containsExactlyInAnyOrder(200, 412);
        var winner = first.status() == 200 ? first : second;
        var stored = app.get(PATH + "/contended", partner.apiKey());
        assertThat(stored.data().get("label")).isEqualTo(winner.data().get("label"));
        assertThat(stored.data().get("version").asInt()).isEqualTo(2);
        assertThat(history("contended").data()).hasSize(2);
    }

    @Test
    void if_none_match_star_only_creates() {
        var created = upsert(body("fresh", "New"), Map.of("If-None-Match", "*"));
        var refused = upsert(body("fresh", "Overwrite"), Map.of("If-None-Match", "*"));

        assertThat(created.status()).isEqualTo(201);
        assertThat(refused.status()).isEqualTo(412);
        assertThat(app.get(PATH + "/fresh", partner.apiKey()).data().get("label").asText()).isEqualTo("New");
    }

    @Test
    void delete_honours_if_match() {
        upsert(body("guarded", "G"));

        var stale = delete("guarded", Map.of("If-Match", "\"v9\""));
        var current = delete("guarded", Map.of("If-Match", "\"v1\""));

        assertThat(stale.status()).isEqualTo(412);
        assertThat(current.status()).isEqualTo(200);
        assertThat(current.data().get("status").asText()).isEqualTo("inactive");
    }
}
