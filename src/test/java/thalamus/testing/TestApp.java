package thalamus.testing;

import com.zaxxer.hikari.HikariDataSource;
import io.javalin.Javalin;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import thalamus.App;
import thalamus.config.Config;

/**
 * The real app on a free port over a fresh database, and a plain HTTP client to talk to it.
 * Register it as a static extension to get one app per test class.
 */
public final class TestApp implements AutoCloseable, BeforeAllCallback, AfterAllCallback {
    public static final String ADMIN_TOKEN = "admin-token-for-tests-0123456789";

    private final Map<String, String> env;
    private boolean ownsDatabase = true;
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private HikariDataSource database;
    private Javalin app;

    private TestApp(Map<String, String> env) {
        this.env = env;
    }

    /** An app started now on a database the test manages itself. */
    public static TestApp start(Map<String, String> env, HikariDataSource database) {
        var app = new TestApp(env);
        app.database = database;
        app.ownsDatabase = false;
        app.start();
        return app;
    }

    /** An app started by JUnit before the class's tests, with the admin API on. */
    public static TestApp perClass() {
        return perClass(Map.of());
    }

    /** As {@link #perClass()}; {@code env} adds or overrides THALAMUS_* settings. */
    public static TestApp perClass(Map<String, String> env) {
        return new TestApp(env);
    }

    /** An app started now, for a test to close itself. */
    public static TestApp start(Map<String, String> env) {
        var app = new TestApp(env);
        app.start();
        return app;
    }

    private void start() {
        var settings = new HashMap<String, String>();
        settings.put("THALAMUS_HOST", "127.0.0.1");
        settings.put("THALAMUS_PORT", "0");
        settings.put("THALAMUS_ADMIN_TOKEN", ADMIN_TOKEN);
        // Load-shaped tests must not trip the limits; the rate-limit tests set their own.
        settings.put("THALAMUS_RATE_LIMIT_PER_SECOND", "1000000");
        settings.put("THALAMUS_RATE_LIMIT_BURST", "1000000");
        settings.put("THALAMUS_AUTH_FAILURE_BURST", "100000");
        settings.putAll(env);
        var config = Config.fromEnvironment(settings);
        if (database == null) {
            database = TestDatabase.fresh();
        }
        app = App.create(config, database).start(config.host(), config.port());
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        start();
    }

    @Override
    public void afterAll(ExtensionContext context) {
        close();
    }

    /** The single number a query answers, e.g. a count. */
    public long queryLong(String sql, Object... parameters) {
        try (var connection = database.getConnection(); var statement = connection.prepareStatement(sql)) {
            for (int i = 0; i < parameters.length; i++) {
                statement.setObject(i + 1, parameters[i]);
            }
            try (var rows = statement.executeQuery()) {
                rows.next();
                return rows.getLong(1);
            }
        } catch (java.sql.SQLException e) {
            throw new AssertionError(sql, e);
        }
    }

    public HikariDataSource database() {
        return database;
    }

    /** Every HTTP route the app serves, as "METHOD path" (before/after filters excluded). */
    public List<String> routes() {
        return app.unsafe.internalRouter.allHttpHandlers().stream()
                .map(parsed -> parsed.endpoint)
                .filter(endpoint -> endpoint.method.isHttpMethod())
                .map(endpoint -> endpoint.method.name() + " " + endpoint.path)
                .distinct()
                .toList();
    }

    public URI uri(String path) {
        return URI.create("http://127.0.0.1:" + app.port() + path);
    }

    /** A partner's API key as the admin API handed it out. */
    public record PartnerKey(String apiKey, String keyId, String partnerUuid) {
    }

    /** Creates a partner through the admin API. */
    public PartnerKey newPartner(String name) {
        var created = send("POST", "/admin/v1/partners", ADMIN_TOKEN, "{\"name\":\"" + name + "\"}");
        if (created.status() != 201) {
            throw new AssertionError("partner not created: " + created);
        }
        var data = created.data();
        return new PartnerKey(data.get("api_key").asText(), data.get("api_key_id").asText(), data.get("uuid").asText());
    }

    /** Creates a partner through the admin API and returns its first API key. */
    public String newPartnerKey(String name) {
        return newPartner(name).apiKey();
    }

    public Response post(String path, String bearer, String json) {
        return send("POST", path, bearer, json);
    }

    public Response get(String path, String bearer) {
        return send("GET", path, bearer, null);
    }

    public Response send(String method, String path, String bearer, String json) {
        var headers = new HashMap<String, String>();
        if (bearer != null) {
            headers.put("Authorization", "Bearer " + bearer);
        }
        if (json != null) {
            headers.put("Content-Type", "application/json");
        }
        return send(method, path, headers, json == null ? null : json.getBytes(StandardCharsets.UTF_8));
    }

    public Response send(String method, String path, Map<String, String> headers, byte[] body) {
        var request = HttpRequest.newBuilder(uri(path))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofByteArray(body));
        headers.forEach(request::header);
        try {
            var response = http.send(request.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
            var problems = OpenApiContract.problems(method, response.uri(), response.statusCode(), response.headers().map(), response.body());
            if (!problems.isEmpty()) {
                throw new AssertionError("response breaks the OpenAPI document:\n  " + String.join("\n  ", problems)
                        + "\nbody: " + response.body());
            }
            return new Response(response.statusCode(), response.headers(), response.body());
        } catch (AssertionError e) {
            throw e;
        } catch (Exception e) {
            throw new AssertionError(method + " " + path + " failed", e);
        }
    }

    /** Sends bytes as they are, for requests the JDK's HTTP client refuses to produce; returns the raw answer. */
    public String raw(String request) {
        return raw(request.getBytes(StandardCharsets.ISO_8859_1));
    }

    public String raw(byte[] request) {
        try (var socket = new java.net.Socket("127.0.0.1", app.port())) {
            socket.setSoTimeout(10_000);
            socket.getOutputStream().write(request);
            socket.getOutputStream().flush();
            socket.shutdownOutput();
            return new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        } catch (java.io.IOException e) {
            throw new AssertionError("raw request failed", e);
        }
    }

    @Override
    public void close() {
        app.stop();
        if (ownsDatabase) {
            database.close();
        }
    }
}
