package thalamus.status;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import thalamus.testing.Response;
import thalamus.testing.TestApp;

class StatusVariantUpsertTest {
    private static final String PATH = "/api/v1/partner/reference/status";
    private static final String PUBLISHED_REQUEST = """
            {"id":"waiting_on_customer","label":"Waiting on Customer","mapped_status":"pending","source_system":"freshdesk","status":"active"}""";
    private static final String PUBLISHED_RESPONSE = """
            {
              "success": true,
              "data": {
                "uuid": "3c90c3cc-0d44-4b50-8888-8dd25736052a",
                "id": "waiting_on_customer",
                "label": "Waiting on Customer",
                "status": "active",
                "mapped_status": {
                  "uuid": "3c90c3cc-0d44-4b50-8888-8dd25736052a",
                  "value": "pending",
                  "label": "Pending",
                  "sort_order": 4,
                  "color": "#8b5cf6",
                  "description": "Ticket is pending awaiting response from the ticket requester"
                }
              },
              "message": "Status variant created successfully"
            }""";

    @RegisterExtension
    static final TestApp app = TestApp.perClass();
    private static String key;

    @BeforeAll
    static void partner() {
        key = app.newPartnerKey("Acme");
    }

    private Response upsert(String json) {
        return app.post(PATH, key, json);
    }

    @Test
    void published_example_returns_201_with_the_published_body() throws Exception {
        var created = upsert(PUBLISHED_REQUEST);

        assertThat(created.status()).isEqualTo(201);
        assertThat(created.header("Content-Type")).startsWith("application/json");
        var expected = (com.fasterxml.jackson.databind.node.ObjectNode) new ObjectMapper().readTree(PUBLISHED_RESPONSE);
        var actual = created.json().deepCopy();
        var data = (com.fasterxml.jackson.databind.node.ObjectNode) actual.get("data");
        assertThat(data.get("uuid").asText()).matches("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");
        assertThat(data.get("mapped_status").get("uuid").asText()).isEqualTo("bf6c7350-8b08-4bb2-97e5-9801d046fefb");
        assertThat(data.get("source_system").asText()).isEqualTo("freshdesk");
        assertThat(data.get("created_at").asText()).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{6}Z");
        assertThat(data.get("updated_at").asText()).isEqualTo(data.get("created_at").asText());
        assertThat(data.get("version").asInt()).isEqualTo(1);
        // The contract's own additions aside, the body equals the published one, uuids aside.
        data.remove(java.util.List.of("source_system", "created_at", "updated_at", "version"));
        data.put("uuid", "3c90c3cc-0d44-4b50-8888-8dd25736052a");
        ((com.fasterxml.jackson.databind.node.ObjectNode) data.get("mapped_status")).put("uuid", "3c90c3cc-0d44-4b50-8888-8dd25736052a");
        assertThat(actual).isEqualTo(expected);

        var again = upsert(PUBLISHED_REQUEST);
        assertThat(again.status()).isEqualTo(200);
        assertThat(again.json().get("message").asText()).isEqualTo("Status variant unchanged");
        assertThat(again.data().get("uuid")).isEqualTo(created.data().get("uuid"));
        assertThat(again.data().get("updated_at")).isEqualTo(created.data().get("updated_at"));
        assertThat(again.data().get("version").asInt()).isEqualTo(1);

        var relabelled = upsert(PUBLISHED_REQUEST.replace("Waiting on Customer", "Awaiting Customer"));
        assertThat(relabelled.status()).isEqualTo(200);
        assertThat(relabelled.json().get("message").asText()).isEqualTo("Status variant updated successfully");
        assertThat(relabelled.data().get("uuid")).isEqualTo(created.data().get("uuid"));
        assertThat(relabelled.data().get("label").asText()).isEqualTo("Awaiting Customer");
        assertThat(relabelled.data().get("version").asInt()).isEqualTo(2);
        assertThat(relabelled.data().get("updated_at").asText()).isGreaterThan(created.data().get("updated_at").asText());
        assertThat(relabelled.data().get("created_at")).isEqualTo(created.data().get("created_at"));
    }

    @Test
    void alias_path_reaches_the_same_variant() {
        var created = upsert("{\"id\":\"alias-check\",\"label\":\"Open\",\"mapped_status\":\"open\"}");
        var viaAlias = app.post("/api/v1/reference/status", key, "{\"id\":\"alias-check\",\"label\":\"Open\",\"mapped_status\":\"open\"}");

        assertThat(created.status()).isEqualTo(201);
        assertThat(viaAlias.status()).isEqualTo(200);
        assertThat(viaAlias.data().get("uuid")).isEqualTo(created.data().get("uuid"));
    }

    @Test
    void absent_optional_fields_take_defaults_on_create_and_keep_values_on_update() {
        var created = upsert("{\"id\":\"defaults\",\"label\":\"New\",\"mapped_status\":\"new\"}");
        assertThat(created.status()).isEqualTo(201);
        assertThat(created.data().get("status").asText()).isEqualTo("active");
        assertThat(created.data().get("source_system").isNull()).isTrue();

        upsert("{\"id\":\"defaults\",\"label\":\"New\",\"mapped_status\":\"new\",\"status\":\"inactive\",\"source_system\":\"zendesk\"}");
        var kept = upsert("{\"id\":\"defaults\",\"label\":\"Brand new\",\"mapped_status\":\"new\"}");

        assertThat(kept.status()).isEqualTo(200);
        assertThat(kept.data().get("status").asText()).isEqualTo("inactive");
        assertThat(kept.data().get("source_system").asText()).isEqualTo("zendesk");
    }

    @Test
    void null_source_system_clears_it() {
        upsert("{\"id\":\"clear-me\",\"label\":\"Hold\",\"mapped_status\":\"hold\",\"source_system\":\"topdesk\"}");

        var cleared = upsert("{\"id\":\"clear-me\",\"label\":\"Hold\",\"mapped_status\":\"hold\",\"source_system\":null}");

        assertThat(cleared.status()).isEqualTo(200);
        assertThat(cleared.json().get("message").asText()).isEqualTo("Status variant updated successfully");
        assertThat(cleared.data().get("source_system").isNull()).isTrue();
        var again = upsert("{\"id\":\"clear-me\",\"label\":\"Hold\",\"mapped_status\":\"hold\",\"source_system\":null}");
        assertThat(again.json().get("message").asText()).isEqualTo("Status variant unchanged");
    }

    @Test
    void inactive_status_is_a_soft_delete_that_an_upsert_reverses() {
        upsert("{\"id\":\"soft\",\"label\":\"Solved\",\"mapped_status\":\"solved\"}");
        var deleted = upsert("{\"id\":\"soft\",\"label\":\"Solved\",\"mapped_status\":\"solved\",\"status\":\"inactive\"}");
        var back = upsert("{\"id\":\"soft\",\"label\":\"Solved\",\"mapped_status\":\"solved\",\"status\":\"active\"}");

        assertThat(deleted.data().get("status").asText()).isEqualTo("inactive");
        assertThat(back.data().get("status").asText()).isEqualTo("active");
        assertThat(back.data().get("uuid")).isEqualTo(deleted.data().get("uuid"));
    }

    @Test
    void ids_are_case_sensitive() {
        var lower = upsert("{\"id\":\"closed\",\"label\":\"Closed\",\"mapped_status\":\"closed\"}");
        var upper = upsert("{\"id\":\"CLOSED\",\"label\":\"Closed\",\"mapped_status\":\"closed\"}");

        assertThat(lower.status()).isEqualTo(201);
        assertThat(upper.status()).isEqualTo(201);
        assertThat(upper.data().get("uuid")).isNotEqualTo(lower.data().get("uuid"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"new", "open", "hold", "pending", "solved", "closed"})
    void every_category_is_accepted_and_rendered(String category) {
        var created = upsert("{\"id\":\"cat-" + category + "\",\"label\":\"L\",\"mapped_status\":\"" + category + "\"}");

        assertThat(created.status()).isEqualTo(201);
        var mapped = created.data().get("mapped_status");
        assertThat(mapped.get("value").asText()).isEqualTo(category);
        assertThat(mapped.get("sort_order").asInt()).isEqualTo(StatusCategory.VALUES.indexOf(category) + 1);
        assertThat(mapped.get("uuid").asText()).isEqualTo(StatusCategory.of(category).view().uuid().toString());
        assertThat(mapped.get("color").asText()).matches("#[0-9a-f]{6}");
    }
}
