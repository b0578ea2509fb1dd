package thalamus.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import thalamus.testing.Response;
import thalamus.testing.TestApp;

/** Every failure outside field validation answers the contract's error envelope, never HTML or text. */
class ErrorEnvelopeTest {
    private static final String PATH = "/api/v1/partner/reference/status";
    private static final String VALID = "{\"id\":\"a\",\"label\":\"A\",\"mapped_status\":\"open\"}";

    @RegisterExtension
    static final TestApp app = TestApp.perClass(Map.of("THALAMUS_MAX_BODY_BYTES", "4096"));
    private static String key;

    @BeforeAll
    static void partner() {
        key = app.newPartnerKey("Errors");
    }

    static void assertEnvelope(Response response, int status) {
        assertThat(response.status()).as(response.toString()).isEqualTo(status);
        assertThat(response.header("Content-Type")).startsWith("application/json");
        var body = response.json();
        assertThat(body.get("success").asBoolean()).isFalse();
        assertThat(body.get("message").asText()).isNotBlank().doesNotContain("Exception", "at thalamus.", "SQL");
        assertThat(body.get("request_id").asText()).isNotBlank().isEqualTo(response.header("X-Request-Id"));
    }

    private Response postRaw(String contentType, String body) {
        return app.send("POST", PATH, Map.of("Authorization", "Bearer " + key, "Content-Type", contentType),
                body.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void missing_api_key_returns_401() {
        var response = app.post(PATH, null, VALID);

        assertEnvelope(response, 401);
        assertThat(response.header("WWW-Authenticate")).startsWith("Bearer");
    }

    @ParameterizedTest
    @ValueSource(strings = {"nerds_live_short", "nerds_live_A8F3D9K2M5N7P1Q4R6T8V0W2X4Y6Z8", "sk_live_abc", "nerds_live_a8f3d9k2m5n7p1q4r6t8v0w2x4y6z8x"})
    void malformed_api_key_returns_401(String malformed) {
        assertEnvelope(app.post(PATH, malformed, VALID), 401);
    }

    @Test
    void unknown_api_key_returns_401() {
        assertEnvelope(app.post(PATH, "nerds_live_a8f3d9k2m5n7p1q4r6t8v0w2x4y6z8", VALID), 401);
    }

    @Test
    void other_authorization_schemes_return_401() {
        var basic = app.send("POST", PATH, Map.of("Authorization", "Basic " + key, "Content-Type", "application/json"),
                VALID.getBytes(StandardCharsets.UTF_8));

        assertEnvelope(basic, 401);
    }

    @Test
    void bearer_scheme_is_case_insensitive() {
        var lower = app.send("POST", PATH, Map.of("Authorization", "bearer " + key, "Content-Type", "application/json"),
                VALID.getBytes(StandardCharsets.UTF_8));

        assertThat(lower.status()).isIn(200, 201);
    }

    @ParameterizedTest
    @ValueSource(strings = {"{", "{\"id\":", "not json", "{\"id\":\"a\",}", "{'id':'a'}", "{\"id\":\"a\"} trailing", "{\"id\":NaN}"})
    void malformed_json_returns_400(String body) {
        assertEnvelope(postRaw("application/json", body), 400);
    }

    @ParameterizedTest
    @ValueSource(strings = {"[]", "[{\"id\":\"a\"}]", "\"a string\"", "42", "null", "true"})
    void json_that_is_not_an_object_returns_400(String body) {
        assertEnvelope(postRaw("application/json", body), 400);
    }

    @Test
    void empty_body_returns_400() {
        assertEnvelope(postRaw("application/json", ""), 400);
    }

    @Test
    void invalid_utf8_returns_400() {
        var bytes = new byte[] {'{', '"', 'i', 'd', '"', ':', '"', (byte) 0xC3, (byte) 0x28, '"', '}'};
        var response = app.send("POST", PATH, Map.of("Authorization", "Bearer " + key, "Content-Type", "application/json"), bytes);

        assertEnvelope(response, 400);
    }

    @Test
    void duplicate_keys_return_400() {
        assertEnvelope(postRaw("application/json", "{\"id\":\"a\",\"id\":\"b\",\"label\":\"A\",\"mapped_status\":\"open\"}"), 400);
    }

    @Test
    void deep_nesting_returns_400() {
        var deep = "{\"id\":" + "[".repeat(1000) + "]".repeat(1000) + "}";

        assertEnvelope(postRaw("application/json", deep), 400);
    }

    @ParameterizedTest
    @ValueSource(strings = {"text/plain", "application/x-www-form-urlencoded", "application/xml", "application/jsonx"})
    void non_json_content_type_returns_415(String contentType) {
        assertEnvelope(postRaw(contentType, VALID), 415);
    }

    @Test
    void missing_content_type_returns_415() {
        var response = app.send("POST", PATH, Map.of("Authorization", "Bearer " + key), VALID.getBytes(StandardCharsets.UTF_8));

        assertEnvelope(response, 415);
    }

    @Test
    void json_content_type_with_charset_is_accepted() {
        assertThat(postRaw("application/json; charset=utf-8", VALID).status()).isIn(200, 201);
        assertThat(postRaw("Application/JSON;charset=UTF-8", VALID).status()).isIn(200, 201);
    }

    @Test
    void body_over_the_limit_returns_413() {
        var huge = "{\"id\":\"big\",\"label\":\"" + "x".repeat(5000) + "\",\"mapped_status\":\"open\"}";

        assertEnvelope(postRaw("application/json", huge), 413);
    }

    @Test
    void unknown_route_returns_404_envelope_even_when_html_is_accepted() {
        var response = app.send("GET", "/api/v1/nothing-here", Map.of("Accept", "text/html", "Authorization", "Bearer " + key), null);

        assertEnvelope(response, 404);
    }

    @Test
    void unknown_routes_and_wrong_methods_answer_404_and_405_with_or_without_a_key() {
        var unknown = app.send("GET", "/api/v1/nothing-here", Map.of(), null);
        var wrongMethod = app.send("PATCH", PATH, Map.of(), null);

        assertEnvelope(unknown, 404);
        assertEnvelope(wrongMethod, 405);
        assertThat(unknown.header("X-RateLimit-Limit")).isNotBlank();
        assertThat(wrongMethod.header("X-RateLimit-Remaining")).isNotBlank();
    }

    @Test
    void wrong_method_returns_405_with_allow_header() {
        var response = app.send("PUT", PATH, Map.of("Authorization", "Bearer " + key, "Content-Type", "application/json"),
                VALID.getBytes(StandardCharsets.UTF_8));

        assertEnvelope(response, 405);
        assertThat(response.header("Allow")).contains("POST");
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "GET /api/v1/%zz HTTP/1.1\r\nHost: x\r\n\r\n",
            "GET /api/v1/\u0001 HTTP/1.1\r\nHost: x\r\n\r\n",
            "POST /api/v1/reference/status HTTP/1.1\r\nHost: x\r\nContent-Length: abc\r\n\r\n",
            "GET / HTTP/1.1\r\nHost: x\r\nX-Huge: {huge}\r\n\r\n"})
    void requests_jetty_refuses_still_get_the_json_envelope(String template) {
        var answer = app.raw(template.replace("{huge}", "h".repeat(20_000)));

        assertThat(answer).startsWith("HTTP/1.1 4").contains("Content-Type: application/json");
        assertThat(answer).contains("\"success\":false", "\"request_id\":\"req_").doesNotContain("<html");
    }

    @Test
    void sane_client_request_id_is_echoed_and_insane_one_replaced() {
        var echoed = app.send("GET", "/nope", Map.of("X-Request-Id", "client-42.abc"), null);
        var replaced = app.send("GET", "/nope", Map.of("X-Request-Id", "bad id with spaces"), null);

        assertThat(echoed.header("X-Request-Id")).isEqualTo("client-42.abc");
        assertThat(echoed.json().get("request_id").asText()).isEqualTo("client-42.abc");
        assertThat(replaced.header("X-Request-Id")).startsWith("req_");
    }
}
