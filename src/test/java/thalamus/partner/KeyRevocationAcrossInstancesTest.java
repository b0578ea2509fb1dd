package thalamus.partner;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import thalamus.testing.TestApp;

/** Two instances on one database: a key revoked through one stops working on the other at once. */
class KeyRevocationAcrossInstancesTest {
    private static final String PATH = "/api/v1/partner/reference/status";

    @RegisterExtension
    static final TestApp first = TestApp.perClass();

    @Test
    void a_key_revoked_on_one_instance_is_refused_by_another_that_had_cached_it() throws Exception {
        try (var second = TestApp.start(Map.of(), first.database())) {
            var created = first.post("/admin/v1/partners", TestApp.ADMIN_TOKEN, "{\"name\":\"Shared\"}");
            var key = created.data().get("api_key").asText();
            var keyId = created.data().get("api_key_id").asText();
            for (int i = 0; i < 3; i++) { // the second instance now holds the key in its cache
                assertThat(second.get(PATH, key).status()).isEqualTo(200);
            }

            assertThat(first.send("DELETE", "/admin/v1/keys/" + keyId, TestApp.ADMIN_TOKEN, null).status()).isEqualTo(200);

            long deadline = System.nanoTime() + 2_000_000_000L;
            int status;
            do {
                status = second.get(PATH, key).status();
            } while (status == 200 && System.nanoTime() < deadline);
            assertThat(status).isEqualTo(401);
        }
    }
}
