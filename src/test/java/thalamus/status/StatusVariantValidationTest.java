package thalamus.status;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import thalamus.testing.Response;
import thalamus.testing.TestApp;

class StatusVariantValidationTest {
    private static final String PATH = "/api/v1/partner/reference/status";
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final String EMOJI = "\uD83D\uDE42"; // 🙂, one code point, two UTF-16 units

    @RegisterExtension
    static final TestApp app = TestApp.perClass();
    private static String key;

    @BeforeAll
    static void partner() {
        key = app.newPartnerKey("Validation");
    }

    private static ObjectNode valid(String id) {
        return MAPPER.createObjectNode().put("id", id).put("label", "Label").put("mapped_status", "open");
    }

    private Response upsert(ObjectNode body) {
        return app.post(PATH, key, body.toString());
    }

    private Response upsert(String json) {
        return app.post(PATH, key, json);
    }

    private static void assertRefused(Response response, String field) {
        assertThat(response.status()).as(response.toString()).isEqualTo(422);
        var body = response.json();
        assertThat(body.get("success").asBoolean()).isFalse();
        assertThat(body.get("message").asText()).isNotBlank();
        assertThat(body.get("request_id").asText()).isEqualTo(response.header("X-Request-Id"));
        assertThat(body.get("errors").has(field)).as(response.toString()).isTrue();
        assertThat(body.get("errors").get(field).get(0).asText()).startsWith(field + " ");
    }

    @Test
    void id_of_256_code_points_is_accepted_and_257_is_refused() {
        assertThat(upsert(valid("i".repeat(256))).status()).isEqualTo(201);
        assertThat(upsert(valid(EMOJI.repeat(256))).status()).isEqualTo(201);
        var stored = upsert(valid(EMOJI.repeat(256))).data().get("id").asText();
        assertThat(stored).isEqualTo(EMOJI.repeat(256));

        assertRefused(upsert(valid("i".repeat(257))), "id");
        assertRefused(upsert(valid(EMOJI.repeat(257))), "id");
    }

    @Test
    void label_of_128_code_points_is_accepted_129_and_blank_are_refused() {
        assertThat(upsert(valid("label-128").put("label", "l".repeat(128))).status()).isEqualTo(201);
        assertThat(upsert(valid("label-emoji").put("label", EMOJI.repeat(128))).status()).isEqualTo(201);

        assertRefused(upsert(valid("label-129").put("label", "l".repeat(129))), "label");
        assertRefused(upsert(valid("label-blank").put("label", "   ")), "label");
        assertRefused(upsert(valid("label-blank-unicode").put("label", "\u00A0\u2003\t")), "label");
        assertRefused(upsert(valid("label-empty").put("label", "")), "label");
    }

    @Test
    void source_system_of_256_is_accepted_and_257_refused() {
        assertThat(upsert(valid("src-256").put("source_system", "s".repeat(256))).status()).isEqualTo(201);
        assertRefused(upsert(valid("src-257").put("source_system", "s".repeat(257))), "source_system");
    }

    @Test
    void nul_and_control_characters_are_refused_everywhere() {
        assertRefused(upsert(valid("nul\u0000id")), "id");
        assertRefused(upsert(valid("tab\tid")), "id");
        assertRefused(upsert(valid("ctl").put("label", "bell\u0007")), "label");
        assertRefused(upsert(valid("ctl").put("label", "line\nbreak")), "label");
        assertRefused(upsert(valid("ctl").put("source_system", "a\u0000b")), "source_system");
        assertThat(app.queryLong("SELECT count(*) FROM status_variant WHERE external_id = ?", "ctl")).isZero();
    }

    @Test
    void unpaired_surrogates_are_refused_not_stored() {
        assertRefused(upsert("{\"id\":\"lone\\ud800\",\"label\":\"L\",\"mapped_status\":\"open\"}"), "id");
        assertRefused(upsert("{\"id\":\"lone\",\"label\":\"\\udc00x\",\"mapped_status\":\"open\"}"), "label");
    }

    @ParameterizedTest(name = "{0} = {1} is refused")
    @CsvSource(delimiter = '|', value = {
            "id|5",
            "id|true",
            "id|null",
            "id|[\"a\"]",
            "id|{\"a\":1}",
            "id|\"\"",
            "label|7",
            "label|null",
            "mapped_status|\"Pending\"",
            "mapped_status|\"waiting\"",
            "mapped_status|4",
            "mapped_status|null",
            "mapped_status|\"\"",
            "source_system|12",
            "source_system|false",
            "source_system|\"\"",
            "status|\"deleted\"",
            "status|\"ACTIVE\"",
            "status|null",
            "status|1",
    })
    void wrong_value_or_type_returns_422_naming_the_field(String field, String json) {
        var body = valid("typed-" + field);
        body.set(field, readJson(json));

        assertRefused(upsert(body), field);
    }

    @Test
    void missing_required_fields_are_all_reported_at_once() {
        var response = upsert("{}");

        assertThat(response.status()).isEqualTo(422);
        assertThat(response.json().get("errors").properties()).extracting(Map.Entry::getKey)
                .containsExactly("id", "label", "mapped_status");
    }

    @Test
    void unknown_fields_are_ignored() {
        var response = upsert(valid("extra").put("colour", "red").put("uuid", "not-mine"));

        assertThat(response.status()).isEqualTo(201);
        assertThat(response.data().has("colour")).isFalse();
        assertThat(response.data().get("uuid").asText()).isNotEqualTo("not-mine");
    }

    private static com.fasterxml.jackson.databind.JsonNode readJson(String json) {
        try {
            return MAPPER.readTree(json);
        } catch (Exception e) {
            throw new IllegalArgumentException(json, e);
        }
    }
}
