package thalamus.status;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.Test;
import thalamus.testing.Response;
import thalamus.testing.TestApp;

class StatusVariantConcurrencyAndIsolationTest {
    private static final String PATH = "/api/v1/partner/reference/status";

    @RegisterExtension
    static final TestApp app = TestApp.perClass();

    @Test
    void fifty_concurrent_upserts_of_one_new_id_create_one_row_and_one_201() throws Exception {
        var key = app.newPartnerKey("Racer");
        var body = "{\"id\":\"raced\",\"label\":\"Raced\",\"mapped_status\":\"open\"}";
        var start = new CountDownLatch(1);
        var answers = new ArrayList<Future<Response>>();
        try (var pool = Executors.newFixedThreadPool(50)) {
            for (int i = 0; i < 50; i++) {
                answers.add(pool.submit(() -> {
                    start.await();
                    return app.post(PATH, key, body);
                }));
            }
            start.countDown();
        }
        var statuses = new ArrayList<Integer>();
        var uuids = new java.util.HashSet<String>();
        for (var answer : answers) {
            var response = answer.get();
            statuses.add(response.status());
            uuids.add(response.data().get("uuid").asText());
        }

        assertThat(statuses).filteredOn(s -> s == 201).hasSize(1);
        assertThat(statuses).filteredOn(s -> s == 200).hasSize(49);
        assertThat(uuids).hasSize(1);
        assertThat(app.queryLong("SELECT count(*) FROM status_variant WHERE external_id = ?", "raced")).isEqualTo(1);
    }

    @Test
    void concurrent_different_updates_of_one_id_never_fail() throws Exception {
        var key = app.newPartnerKey("Editors");
        app.post(PATH, key, "{\"id\":\"edited\",\"label\":\"L0\",\"mapped_status\":\"open\"}");
        var answers = new ArrayList<Future<Response>>();
        try (var pool = Executors.newFixedThreadPool(20)) {
            for (int i = 0; i < 40; i++) {
                var label = "L" + (i % 7);
                answers.add(pool.submit(() -> app.post(PATH, key,
                        "{\"id\":\"edited\",\"label\":\"" + label + "\",\"mapped_status\":\"open\"}")));
            }
        }
        for (var answer : answers) {
            assertThat(answer.get().status()).isEqualTo(200);
        }
        assertThat(app.queryLong("SELECT count(*) FROM status_variant WHERE external_id = ?", "edited")).isEqualTo(1);
    }

    @Test
    void two_partners_with_the_same_id_get_independent_variants() throws Exception {
        var alpha = app.newPartnerKey("Alpha");
        var beta = app.newPartnerKey("Beta");

        var alphaCreated = app.post(PATH, alpha, "{\"id\":\"shared\",\"label\":\"Alpha label\",\"mapped_status\":\"open\",\"source_system\":\"freshdesk\"}");
        var betaCreated = app.post(PATH, beta, "{\"id\":\"shared\",\"label\":\"Beta label\",\"mapped_status\":\"closed\"}");

        assertThat(alphaCreated.status()).isEqualTo(201);
        assertThat(betaCreated.status()).isEqualTo(201);
        assertThat(betaCreated.data().get("uuid")).isNotEqualTo(alphaCreated.data().get("uuid"));

        var betaChanged = app.post(PATH, beta, "{\"id\":\"shared\",\"label\":\"Beta renamed\",\"mapped_status\":\"closed\",\"source_system\":null}");
        var alphaAgain = app.post(PATH, alpha, "{\"id\":\"shared\",\"label\":\"Alpha label\",\"mapped_status\":\"open\"}");

        assertThat(betaChanged.data().get("uuid")).isEqualTo(betaCreated.data().get("uuid"));
        assertThat(alphaAgain.json().get("message").asText()).isEqualTo("Status variant unchanged");
        assertThat(alphaAgain.data().get("label").asText()).isEqualTo("Alpha label");
        assertThat(alphaAgain.data().get("source_system").asText()).isEqualTo("freshdesk");
        assertThat(alphaAgain.data().get("version").asInt()).isEqualTo(1);
        assertThat(app.queryLong("SELECT count(*) FROM status_variant WHERE external_id = ?", "shared")).isEqualTo(2);
    }
}
