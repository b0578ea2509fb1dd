package thalamus.partner;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.Test;
import thalamus.testing.TestApp;

class AdminApiTest {
    private static final String STATUS = "/api/v1/partner/reference/status";
    private static final String VARIANT = "{\"id\":\"k\",\"label\":\"K\",\"mapped_status\":\"new\"}";

    @RegisterExtension
    static final TestApp app = TestApp.perClass();

    @Test
    void creating_a_partner_returns_201_with_a_live_key_shown_once() throws Exception {
        var created = app.post("/admin/v1/partners", TestApp.ADMIN_TOKEN, "{\"name\":\"Acme\"}");

        assertThat(created.status()).isEqualTo(201);
        assertThat(created.data().get("name").asText()).isEqualTo("Acme");
        assertThat(created.data().get("uuid").asText()).hasSize(36);
        var key = created.data().get("api_key").asText();
        assertThat(key).matches("nerds_live_[a-z0-9]{30}");
        assertThat(app.post(STATUS, key, VARIANT).status()).isEqualTo(201);

        var listed = app.get("/admin/v1/partners", TestApp.ADMIN_TOKEN);
        assertThat(listed.status()).isEqualTo(200);
        assertThat(listed.body()).contains("Acme").doesNotContain(key).doesNotContain("api_key");

        try (var connection = app.database().getConnection();
             var rows = connection.createStatement().executeQuery("SELECT key_hash, key_prefix FROM api_key")) {
            while (rows.next()) {
                assertThat(new String(rows.getBytes(1), java.nio.charset.StandardCharsets.ISO_8859_1)).doesNotContain(key);
                assertThat(rows.getString(2)).hasSize(15);
            }
        }
    }

    @Test
    void test_partners_get_test_keys() {
        var created = app.post("/admin/v1/partners", TestApp.ADMIN_TOKEN, "{\"name\":\"Sandbox\",\"test\":true}");

        assertThat(created.data().get("api_key").asText()).matches("nerds_test_[a-z0-9]{30}");
        assertThat(app.post(STATUS, created.data().get("api_key").asText(), VARIANT).status()).isEqualTo(201);
    }

    @Test
    void a_partner_can_rotate_keys_and_a_revoked_key_stops_working_at_once() {
        var created = app.post("/admin/v1/partners", TestApp.ADMIN_TOKEN, "{\"name\":\"Rotator\"}");
        var partnerUuid = created.data().get("uuid").asText();
        var oldKey = created.data().get("api_key").asText();

        var added = app.post("/admin/v1/partners/" + partnerUuid + "/keys", TestApp.ADMIN_TOKEN, null);
        assertThat(added.status()).isEqualTo(201);
        var newKey = added.data().get("api_key").asText();
        assertThat(newKey).matches("nerds_live_[a-z0-9]{30}").isNotEqualTo(oldKey);
        assertThat(added.data().get("created_at").asText()).endsWith("Z");

        var firstUuid = app.post(STATUS, oldKey, VARIANT).data().get("uuid");
        assertThat(app.post(STATUS, newKey, VARIANT).data().get("uuid")).isEqualTo(firstUuid);

        var revoked = app.send("DELETE", "/admin/v1/keys/" + added.data().get("id").asText(), TestApp.ADMIN_TOKEN, null);
        assertThat(revoked.status()).isEqualTo(200);
        assertThat(revoked.data().get("revoked_at").asText()).endsWith("Z");

        var refused = app.post(STATUS, newKey, VARIANT);
        assertThat(refused.status()).isEqualTo(401);
        assertThat(refused.json().get("success").asBoolean()).isFalse();
        assertThat(app.post(STATUS, oldKey, VARIANT).status()).isEqualTo(200);

        var again = app.send("DELETE", "/admin/v1/keys/" + added.data().get("id").asText(), TestApp.ADMIN_TOKEN, null);
        assertThat(again.status()).isEqualTo(200);
        assertThat(again.data().get("revoked_at")).isEqualTo(revoked.data().get("revoked_at"));
    }

    @Test
    void unknown_partner_or_key_returns_404() {
        assertThat(app.post("/admin/v1/partners/00000000-0000-0000-0000-000000000000/keys", TestApp.ADMIN_TOKEN, null).status()).isEqualTo(404);
        assertThat(app.post("/admin/v1/partners/not-a-uuid/keys", TestApp.ADMIN_TOKEN, null).status()).isEqualTo(404);
        assertThat(app.send("DELETE", "/admin/v1/keys/00000000-0000-0000-0000-000000000000", TestApp.ADMIN_TOKEN, null).status()).isEqualTo(404);
    }

    @Test
    void wrong_or_missing_admin_token_returns_401_and_a_partner_key_is_not_an_admin_token() {
        var partnerKey = app.newPartnerKey("NotAdmin");

        assertThat(app.get("/admin/v1/partners", null).status()).isEqualTo(401);
        assertThat(app.get("/admin/v1/partners", "wrong-token").status()).isEqualTo(401);
        assertThat(app.get("/admin/v1/partners", partnerKey).status()).isEqualTo(401);
        assertThat(app.post("/admin/v1/partners", "wrong-token", "{\"name\":\"X\"}").status()).isEqualTo(401);
    }

    @Test
    void partner_name_is_validated() {
        var blank = app.post("/admin/v1/partners", TestApp.ADMIN_TOKEN, "{\"name\":\"  \"}");
        var wrongType = app.post("/admin/v1/partners", TestApp.ADMIN_TOKEN, "{\"name\":\"A\",\"test\":\"yes\"}");

        assertThat(blank.status()).isEqualTo(422);
        assertThat(blank.json().get("errors").has("name")).isTrue();
        assertThat(wrongType.status()).isEqualTo(422);
        assertThat(wrongType.json().get("errors").has("test")).isTrue();
    }

    @Test
    void admin_api_is_absent_without_an_admin_token() {
        try (var plain = TestApp.start(Map.of("THALAMUS_ADMIN_TOKEN", ""))) {
            var response = plain.get("/admin/v1/partners", TestApp.ADMIN_TOKEN);

            assertThat(response.status()).isEqualTo(404);
            assertThat(response.json().get("success").asBoolean()).isFalse();
        }
    }
}
