package thalamus.docs;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import io.swagger.v3.parser.OpenAPIV3Parser;
import io.swagger.v3.parser.core.models.ParseOptions;
import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import thalamus.testing.OpenApiContract;
import thalamus.testing.TestApp;

class OpenApiDocumentTest {
    @RegisterExtension
    static final TestApp app = TestApp.perClass();

    @Test
    void the_served_document_is_valid_openapi_3_1() {
        var served = app.get(ApiDocs.OPENAPI_PATH, null);
        var options = new ParseOptions();
        options.setResolve(true);

        var result = new OpenAPIV3Parser().readContents(served.body(), null, options);

        assertThat(served.status()).isEqualTo(200);
        assertThat(result.getMessages()).isEmpty();
        assertThat(result.getOpenAPI().getOpenapi()).isEqualTo("3.1.0");
        assertThat(result.getOpenAPI().getComponents().getSecuritySchemes()).containsKeys("partnerApiKey", "adminToken");
    }

    @Test
    void every_route_the_service_serves_is_documented() {
        var routes = app.routes();

        assertThat(routes).hasSizeGreaterThan(15);
        for (var route : routes) {
            var method = route.substring(0, route.indexOf(' '));
            var path = route.substring(route.indexOf(' ') + 1);
            var documented = OpenApiContract.DOCUMENT.path("paths").path(path).path(method.toLowerCase());
            assertThat(documented.isMissingNode()).as("%s is in the OpenAPI document", route).isFalse();
        }
    }

    @Test
    void every_documented_operation_is_served() {
        var routes = app.routes();
        OpenApiContract.DOCUMENT.get("paths").fields().forEachRemaining(path -> path.getValue().fieldNames().forEachRemaining(method -> {
            if (List.of("get", "post", "delete", "put", "patch").contains(method)) {
                assertThat(routes).contains(method.toUpperCase() + " " + path.getKey());
            }
        }));
    }

    @Test
    void the_contract_check_catches_a_response_that_breaks_the_document() {
        var uri = URI.create("http://localhost/api/v1/partner/reference/status");
        var headers = Map.of("Content-Type", List.of("application/json"), "X-Request-Id", List.of("r"),
                "X-RateLimit-Limit", List.of("1"), "X-RateLimit-Remaining", List.of("1"), "X-RateLimit-Reset", List.of("1"),
                "ETag", List.of("\"v1\""));

        assertThat(OpenApiContract.problems("POST", uri, 201, headers,
                "{\"success\":true,\"data\":{\"id\":\"x\"},\"message\":\"m\"}")).isNotEmpty();
        assertThat(OpenApiContract.problems("POST", uri, 418, headers, "{}")).isNotEmpty();
        assertThat(OpenApiContract.problems("POST", uri, 201, Map.of("Content-Type", List.of("application/json")),
                "{}")).anyMatch(problem -> problem.contains("X-RateLimit-Limit"));
    }

    /** What a generated client holds: types named after the document's schemas, read strictly. */
    record Category(UUID uuid, String value, String label, int sortOrder, String color, String description) {
    }

    record StatusVariant(UUID uuid, String id, String label, String status, Category mappedStatus, String sourceSystem,
                         int version, String createdAt, String updatedAt) {
    }

    record Envelope(boolean success, StatusVariant data, String message) {
    }

    @Test
    void a_client_built_from_the_document_calls_the_upsert_and_reads_the_typed_response() throws Exception {
        var operation = OpenApiContract.operation("POST", "/api/v1/partner/reference/status");
        assertThat(operation.node().get("operationId").asText()).isEqualTo("upsertStatusVariant");
        var requestBody = operation.node().get("requestBody");
        if (requestBody.has("$ref")) {
            requestBody = OpenApiContract.DOCUMENT.at(requestBody.get("$ref").asText().substring(1));
        }
        var example = requestBody.at("/content/application~1json/examples/published/value");
        var key = app.newPartnerKey("Generated client");

        var response = app.post(operation.template(), key, example.toString());

        var typed = new ObjectMapper()
                .setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
                .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .readValue(response.body(), Envelope.class);
        assertThat(response.status()).isEqualTo(201);
        assertThat(typed.data().id()).isEqualTo(example.get("id").asText());
        assertThat(typed.data().mappedStatus().value()).isEqualTo(example.get("mapped_status").asText());
        assertThat(typed.message()).isEqualTo("Status variant created successfully");
    }
}
