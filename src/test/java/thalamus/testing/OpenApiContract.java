package thalamus.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.dialect.Dialects;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/**
 * Holds every response the black-box tests receive to the OpenAPI document the service publishes:
 * the status must be declared for the operation, required headers present, and a JSON body valid
 * against the declared schema (JSON Schema 2020-12 / OpenAPI 3.1, checked by networknt's
 * validator). A change that breaks the documented contract fails the suite.
 */
public final class OpenApiContract {
    private static final String DOCUMENT_URI = "https://thalamus.invalid/openapi.json";
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final String TEXT = load();
    public static final JsonNode DOCUMENT = parse(TEXT);
    private static final SchemaRegistry SCHEMAS = SchemaRegistry.withDefaultDialect(Dialects.getOpenApi31(),
            builder -> builder.schemas(Map.of(DOCUMENT_URI, TEXT)));
    private static final Map<String, Schema> COMPILED = new ConcurrentHashMap<>();

    private OpenApiContract() {
    }

    /** The operation a request reaches: its path template and its JSON pointer, or null when undocumented. */
    public record Operation(String template, String pointer, JsonNode node) {
    }

    public static Operation operation(String method, String rawPath) {
        var candidates = new ArrayList<String>();
        DOCUMENT.get("paths").fieldNames().forEachRemaining(template -> {
            var regex = Pattern.quote(template).replaceAll("\\{[^}]+}", "\\\\E[^/]+\\\\Q");
            if (rawPath.matches(regex) && DOCUMENT.get("paths").get(template).has(method.toLowerCase(Locale.ROOT))) {
                candidates.add(template);
            }
        });
        // A literal segment beats a parameter: POST .../status/bulk is bulk, GET .../status/bulk is the variant "bulk".
        candidates.sort(Comparator.comparingLong(t -> t.chars().filter(c -> c == '{').count()));
        if (candidates.isEmpty()) {
            return null;
        }
        var template = candidates.getFirst();
        var pointer = "/paths/" + escape(template) + "/" + method.toLowerCase(Locale.ROOT);
        return new Operation(template, pointer, DOCUMENT.at(pointer));
    }

    /** Problems with one response; empty when it conforms. */
    public static List<String> problems(String method, URI uri, int status, Map<String, List<String>> headers, String body) {
        var problems = new ArrayList<String>();
        var operation = operation(method, uri.getRawPath());
        String responsePointer;
        if (operation == null) {
            // Not an operation of the document (unknown route, wrong method): still the error envelope.
            if (status < 400) {
                problems.add(method + " " + uri.getRawPath() + " answered " + status + " but is not in the OpenAPI document");
                return problems;
            }
            responsePointer = null;
        } else {
            var responses = operation.node().get("responses");
            var key = responses.has(Integer.toString(status)) ? Integer.toString(status) : responses.has("default") ? "default" : null;
            if (key == null) {
                problems.add(method + " " + operation.template() + " answered " + status + ", which the document does not declare");
                return problems;
            }
            responsePointer = resolve(operation.pointer() + "/responses/" + key);
            DOCUMENT.at(responsePointer).path("headers").fields().forEachRemaining(header -> {
                var declared = DOCUMENT.at(resolve(responsePointer + "/headers/" + escape(header.getKey())));
                if (declared.path("required").asBoolean(false) && !present(headers, header.getKey())) {
                    problems.add(method + " " + operation.template() + " " + status + " lacks required header " + header.getKey());
                }
            });
        }
        var contentType = headers.entrySet().stream().filter(e -> e.getKey().equalsIgnoreCase("content-type"))
                .flatMap(e -> e.getValue().stream()).findFirst().orElse("");
        if (!contentType.startsWith("application/json")) {
            return problems;
        }
        var schemaPointer = responsePointer == null
                ? "/components/schemas/ErrorEnvelope"
                : responsePointer + "/content/application~1json/schema";
        if (DOCUMENT.at(schemaPointer).isMissingNode()) {
            problems.add(method + " " + uri.getRawPath() + " " + status + " answered JSON but the document declares no JSON body at " + schemaPointer);
            return problems;
        }
        var schema = COMPILED.computeIfAbsent(schemaPointer, p -> SCHEMAS.getSchema(SchemaLocation.of(DOCUMENT_URI + "#" + p)));
        var errors = schema.validate(tools.jackson.databind.json.JsonMapper.shared().readTree(body));
        for (var error : errors) {
            problems.add(method + " " + uri.getRawPath() + " " + status + ": " + error);
        }
        return problems;
    }

    /** Follows a "$ref" at a pointer (responses and headers may be references to components). */
    private static String resolve(String pointer) {
        var node = DOCUMENT.at(pointer);
        while (node.has("$ref")) {
            pointer = node.get("$ref").asText().substring(1);
            node = DOCUMENT.at(pointer);
        }
        return pointer;
    }

    private static boolean present(Map<String, List<String>> headers, String name) {
        return headers.keySet().stream().anyMatch(h -> h.equalsIgnoreCase(name));
    }

    public static String escape(String segment) {
        return segment.replace("~", "~0").replace("/", "~1");
    }

    private static String load() {
        try (var in = OpenApiContract.class.getResourceAsStream("/openapi.json")) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static JsonNode parse(String text) {
        try {
            return MAPPER.readTree(text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
