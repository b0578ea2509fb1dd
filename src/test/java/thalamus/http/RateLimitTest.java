package thalamus.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import thalamus.testing.Response;
import thalamus.testing.TestApp;

class RateLimitTest {
    private static final String PATH = "/api/v1/partner/reference/status";
    private static final String BODY = "{\"id\":\"limited\",\"label\":\"L\",\"mapped_status\":\"open\"}";

    @RegisterExtension
    static final TestApp app = TestApp.perClass(Map.of(
            "THALAMUS_RATE_LIMIT_PER_SECOND", "2",
            "THALAMUS_RATE_LIMIT_BURST", "5",
            "THALAMUS_AUTH_FAILURE_BURST", "3"));

    @Test
    void a_partner_over_its_budget_gets_429_and_another_partner_is_unaffected() {
        var greedy = app.newPartnerKey("Greedy");
        var polite = app.newPartnerKey("Polite");

        var answers = new ArrayList<Response>();
        for (int i = 0; i < 8; i++) {
            answers.add(app.post(PATH, greedy, BODY));
        }
        var first = answers.getFirst();
        assertThat(first.status()).isEqualTo(201);
        assertThat(first.header("X-RateLimit-Limit")).isEqualTo("5");
        assertThat(first.header("X-RateLimit-Remaining")).isEqualTo("4");
        assertThat(Long.parseLong(first.header("X-RateLimit-Reset"))).isBetween(1L, 3L);

        var limited = answers.getLast();
        assertThat(limited.status()).isEqualTo(429);
        assertThat(limited.header("Retry-After")).isEqualTo("1");
        assertThat(limited.header("X-RateLimit-Remaining")).isEqualTo("0");
        assertThat(limited.json().get("success").asBoolean()).isFalse();
        assertThat(limited.json().get("request_id").asText()).isNotBlank();
        assertThat(answers.stream().filter(r -> r.status() == 429).count()).isBetween(2L, 3L);

        var unaffected = app.get(PATH, polite);
        assertThat(unaffected.status()).isEqualTo(200);
        assertThat(unaffected.header("X-RateLimit-Remaining")).isEqualTo("4");
    }

    @Test
    void the_bucket_refills_over_time() throws Exception {
        var partner = app.newPartnerKey("Patient");
        for (int i = 0; i < 6; i++) {
            app.get(PATH, partner);
        }
        assertThat(app.get(PATH, partner).status()).isEqualTo(429);

        Thread.sleep(1_100);

        assertThat(app.get(PATH, partner).status()).isEqualTo(200);
    }

    @Test
    void repeated_failed_authentication_from_one_address_gets_429_before_keys_are_checked() {
        var statuses = new ArrayList<Integer>();
        for (int i = 0; i < 5; i++) {
            statuses.add(app.post(PATH, "nerds_live_" + "guess".repeat(6), BODY).status());
        }

        assertThat(statuses.subList(0, 3)).containsOnly(401);
        assertThat(statuses.subList(3, 5)).containsOnly(429);
        var blocked = app.post(PATH, "nerds_live_" + "guess".repeat(6), BODY);
        assertThat(blocked.header("Retry-After")).isNotBlank();
    }
}
