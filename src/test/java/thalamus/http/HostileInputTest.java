package thalamus.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import thalamus.testing.TestApp;

/**
 * Hundreds of generated bad requests: every answer must be a well-formed error envelope with a 4xx
 * status, and the service must be healthy and correct afterwards.
 */
class HostileInputTest {
    private static final String PATH = "/api/v1/partner/reference/status";
    private static final String VALID = "{\"id\":\"waiting_on_customer\",\"label\":\"Waiting on Customer\",\"mapped_status\":\"pending\",\"source_system\":\"freshdesk\",\"status\":\"active\"}";
    private static final Pattern STATUS_LINE = Pattern.compile("^HTTP/1\\.1 (\\d{3}) ");
    private static final ObjectMapper MAPPER = new ObjectMapper();

    @RegisterExtension
    static final TestApp app = TestApp.perClass(Map.of("THALAMUS_MAX_BODY_BYTES", "65536"));

    /** One request as raw HTTP/1.1 bytes, so headers and bodies can be anything at all. */
    private static byte[] request(String method, String target, String key, String contentType, byte[] body, String... extraHeaders) {
        var head = new StringBuilder(method + " " + target + " HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n");
        if (key != null) {
            head.append("Authorization: Bearer ").append(key).append("\r\n");
        }
        if (contentType != null) {
            head.append("Content-Type: ").append(contentType).append("\r\n");
        }
        for (var header : extraHeaders) {
            head.append(header).append("\r\n");
        }
        if (body != null) {
            head.append("Content-Length: ").append(body.length).append("\r\n");
        }
        head.append("\r\n");
        var headBytes = head.toString().getBytes(StandardCharsets.ISO_8859_1);
        var all = new byte[headBytes.length + (body == null ? 0 : body.length)];
        System.arraycopy(headBytes, 0, all, 0, headBytes.length);
        if (body != null) {
            System.arraycopy(body, 0, all, headBytes.length, body.length);
        }
        return all;
    }

    private static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private static List<byte[]> hostileRequests(String key) {
        var random = new Random(20261204);
        var requests = new ArrayList<byte[]>();
        // Random bytes as the body.
        for (int i = 0; i < 40; i++) {
            var bytes = new byte[1 + random.nextInt(300)];
            random.nextBytes(bytes);
            bytes[0] = (byte) (i % 2 == 0 ? '{' : bytes[0]);
            requests.add(request("POST", PATH, key, "application/json", bytes));
        }
        // Every truncation of a valid body.
        for (int cut = 0; cut < VALID.length() - 1; cut++) {
            requests.add(request("POST", PATH, key, "application/json", utf8(VALID.substring(0, cut))));
        }
        // Deep nesting, in arrays and objects.
        for (int depth : new int[] {33, 100, 1_000, 10_000}) {
            requests.add(request("POST", PATH, key, "application/json", utf8("[".repeat(depth) + "]".repeat(depth))));
            requests.add(request("POST", PATH, key, "application/json", utf8("{\"id\":" + "{\"a\":".repeat(depth) + "1" + "}".repeat(depth) + "}")));
        }
        // Huge strings and numbers.
        for (var field : List.of("id", "label", "source_system", "mapped_status", "status")) {
            requests.add(request("POST", PATH, key, "application/json", utf8(VALID.replaceFirst("\"" + field + "\":\"[^\"]*\"", "\"" + field + "\":\"" + "x".repeat(60_000) + "\""))));
            requests.add(request("POST", PATH, key, "application/json", utf8(VALID.replaceFirst("\"" + field + "\":\"[^\"]*\"", "\"" + field + "\":" + "9".repeat(5_000)))));
            requests.add(request("POST", PATH, key, "application/json", utf8(VALID.replaceFirst("\"" + field + "\":\"[^\"]*\"", "\"" + field + "\":1e99999999"))));
        }
        requests.add(request("POST", PATH, key, "application/json", utf8("{\"label\":\"" + "y".repeat(200_000) + "\"}")));
        // Lone surrogates, NUL and other control characters in every string field.
        for (var field : List.of("id", "label", "source_system")) {
            for (var poison : List.of("\\ud800", "\\udfff", "a\\udc00b", "\\u0000", "a\\u0001", "\\u001b[31m", "\\u007f")) {
                requests.add(request("POST", PATH, key, "application/json", utf8(VALID.replace("\"" + field + "\":\"", "\"" + field + "\":\"" + poison))));
            }
        }
        requests.add(request("POST", PATH, key, "application/json", new byte[] {'{', '"', 'i', 'd', '"', ':', '"', (byte) 0xC0, (byte) 0xAF, '"', '}'}));
        requests.add(request("POST", PATH, key, "application/json", new byte[] {'{', '"', 'i', 'd', '"', ':', '"', (byte) 0xED, (byte) 0xA0, (byte) 0x80, '"', '}'}));
        requests.add(request("POST", PATH, key, "application/json", new byte[] {'{', '"', 'i', 'd', '"', ':', '"', 'a', 0, 'b', '"', '}'}));
        // Duplicate keys, at the top and deeper.
        for (var field : List.of("id", "label", "mapped_status", "status", "source_system")) {
            requests.add(request("POST", PATH, key, "application/json", utf8(VALID.replace("{", "{\"" + field + "\":\"dup\","))));
        }
        requests.add(request("POST", PATH, key, "application/json", utf8("{\"x\":{\"a\":1,\"a\":2}," + VALID.substring(1))));
        // Wrong types in every field.
        for (var field : List.of("id", "label", "mapped_status", "source_system", "status")) {
            for (var wrong : List.of("1", "-0.5", "true", "false", "[]", "[\"open\"]", "{}", "{\"value\":\"open\"}")) {
                requests.add(request("POST", PATH, key, "application/json", utf8(VALID.replaceFirst("\"" + field + "\":\"[^\"]*\"", "\"" + field + "\":" + wrong))));
            }
        }
        // Bodies that are JSON but not objects.
        for (var notObject : List.of("null", "[]", "1", "\"text\"", "true", "[" + VALID + "]")) {
            requests.add(request("POST", PATH, key, "application/json", utf8(notObject)));
        }
        // Odd and oversized headers.
        for (var contentType : List.of("text/plain", "application/xml", "json", "application/json-patch", "multipart/form-data; boundary=x", ";;;", "application/x-www-form-urlencoded")) {
            requests.add(request("POST", PATH, key, contentType, utf8(VALID)));
        }
        requests.add(request("POST", PATH, key, null, utf8(VALID)));
        for (var authorization : List.of("Bearer", "Bearer  ", "Basic dXNlcjpwYXNz", "Bearer nerds_live_" + "a".repeat(29), "Bearer " + key + "x", "bearer" + key, "Token " + key, "Bearer \u00e9")) {
            requests.add(request("POST", PATH, null, "application/json", utf8(VALID), "Authorization: " + authorization));
        }
        requests.add(request("POST", PATH, key, "application/json", utf8(VALID), "X-Huge: " + "h".repeat(64_000)));
        requests.add(request("POST", PATH, key, "application/json", utf8(VALID), "Content-Length: 5"));
        requests.add(request("POST", PATH, key, "application/json", null, "Transfer-Encoding: chunked", "", "zz\r\n"));
        requests.add(request("GET", "/" + "a".repeat(70_000), key, null, null));
        // Wrong methods.
        for (var method : List.of("PUT", "PATCH", "DELETE")) {
            requests.add(request(method, PATH, key, "application/json", utf8(VALID)));
        }
        requests.add(request("POST", PATH + "/some-id", key, "application/json", utf8(VALID)));
        requests.add(request("PUT", "/api/v1/reference/status-categories", key, null, null));
        // Path tricks in ids.
        for (var target : List.of("/%2e%2e/%2e%2e/etc/passwd", "/..%2f..%2fadmin", "/%00", "/%ff%fe", "/%", "/%zz", "/a%2", "/" + "%F0%9F%99%82".repeat(300),
                "/x".repeat(300), "/%2e%2e%2f%2e%2e%2fmetrics", "/%C0%AE%C0%AE", "/never/existed/history/more")) {
            requests.add(request("GET", PATH + target, key, null, null));
            requests.add(request("DELETE", PATH + target, key, null, null));
        }
        // Method overrides, which would reroute a request and mint metrics series.
        for (var override : List.of("DELETE", "made-up-" + random.nextInt(), "PUT")) {
            requests.add(request("GET", PATH, key, null, null, "X-HTTP-Method-Override: " + override));
            requests.add(request("GET", "/health/live", null, null, null, "X-HTTP-Method-Override: " + override));
        }
        // UTF-16 %u escapes, which Jetty's legacy mode would pass on to a decoder that throws.
        for (var target : List.of(PATH + "/%u0041", "/admin/v1/keys/%u0041", "/docs/%u0041", PATH + "/x/history?cursor=%u0041")) {
            requests.add(request("GET", target, key, null, null));
        }
        // Bad query parameters.
        for (var query : List.of("limit=-5", "limit=99999999999999999999", "cursor=%00", "cursor=" + "A".repeat(5_000), "updated_since=%ff", "updated_since=%2B300000-01-01T00:00:00Z", "updated_since=-0001-01-01T00:00:00Z", "mapped_status=" + "open,".repeat(500), "status=", "limit=1&limit=2")) {
            requests.add(request("GET", PATH + "?" + query, key, null, null));
        }
        return requests;
    }

    @Test
    void every_hostile_request_gets_a_4xx_envelope_and_the_service_stays_healthy() throws Exception {
        var key = app.newPartnerKey("Hostile");
        var requests = hostileRequests(key);
        assertThat(requests).hasSizeGreaterThanOrEqualTo(300);

        for (var request : requests) {
            var answer = app.raw(request);
            var shown = new String(request, 0, Math.min(request.length, 200), StandardCharsets.ISO_8859_1);
            var status = STATUS_LINE.matcher(answer);
            assertThat(status.find()).as("an HTTP answer to %s", shown).isTrue();
            assertThat(Integer.parseInt(status.group(1))).as("status for %s -> %s", shown, answer).isBetween(400, 499);
            assertThat(answer).as(shown).containsIgnoringCase("Content-Type: application/json");
            var body = MAPPER.readTree(answer.substring(answer.indexOf("\r\n\r\n") + 4));
            assertThat(body.get("success").asBoolean(true)).as(shown).isFalse();
            assertThat(body.get("message").asText()).as(shown).isNotBlank();
            assertThat(body.get("request_id").asText()).as(shown).isNotBlank();
            assertThat(answer).as(shown).doesNotContain("Exception", "at thalamus", "<html");
        }

        assertThat(app.get("/health/ready", null).status()).isEqualTo(200);
        var valid = app.post(PATH, key, VALID);
        assertThat(valid.status()).isEqualTo(201);
        assertThat(app.queryLong("SELECT count(*) FROM status_variant")).isEqualTo(1);
    }
}
