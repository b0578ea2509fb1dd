package thalamus.ops;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;
import java.util.LinkedHashMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import thalamus.db.Database;
import thalamus.http.ApiError;
import thalamus.http.Envelope;
import thalamus.http.Json;
import thalamus.http.RequestIds;
import thalamus.http.Timestamps;
import thalamus.partner.Caller;

/** Health checks, the metrics endpoint, and one JSON access-log line per request. */
public final class Operations {
    private static final Logger accessLog = LoggerFactory.getLogger("thalamus.access");
    private static final long READY_TIMEOUT_MS = 1_000;
    private static final ExecutorService CHECKS = Executors.newVirtualThreadPerTaskExecutor();

    private final DataSource dataSource;
    private final Metrics metrics;

    public Operations(DataSource dataSource, Metrics metrics) {
        this.dataSource = dataSource;
        this.metrics = metrics;
    }

    public void register(JavalinConfig config) {
        config.routes.get("/health/live", ctx -> Envelope.ok(ctx, 200, java.util.Map.of("status", "live"), "Thalamus is running"));
        config.routes.get("/health/ready", this::ready);
        config.routes.get("/metrics", metrics::scrape);
        config.requestLogger.http(this::completed);
    }

    /** Ready when the database answers within a second and carries every migration this build has. */
    private void ready(Context ctx) {
        String schemaVersion;
        try {
            schemaVersion = CompletableFuture.supplyAsync(this::schemaVersion, CHECKS)
                    .get(READY_TIMEOUT_MS, TimeUnit.MILLISECONDS);
        } catch (Exception e) {
            throw new ApiError.DatabaseUnavailable();
        }
        if (!Database.SCHEMA_VERSION.equals(schemaVersion)) {
            throw new ApiError.DatabaseUnavailable();
        }
        var data = new LinkedHashMap<String, Object>();
        data.put("status", "ready");
        data.put("database", "up");
        data.put("schema_version", schemaVersion);
        Envelope.ok(ctx, 200, data, "Thalamus is ready");
    }

    private String schemaVersion() {
        try (var connection = dataSource.getConnection();
             var rows = connection.createStatement().executeQuery(
                     "SELECT version FROM flyway_schema_history WHERE success ORDER BY installed_rank DESC LIMIT 1")) {
            return rows.next() ? rows.getString(1) : null;
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Never logs keys, tokens, query strings or bodies. */
    private void completed(Context ctx, Float elapsedMs) {
        var endpoint = ctx.endpoints().lastHttpEndpoint();
        var route = endpoint == null ? "unmatched" : endpoint.path;
        metrics.record(ctx, route, elapsedMs);
        if (!accessLog.isInfoEnabled()) {
            return;
        }
        ObjectNode line = Json.MAPPER.createObjectNode()
                .put("time", Timestamps.format(java.time.Instant.now()))
                .put("method", ctx.req().getMethod())
                .put("route", route)
                .put("status", ctx.statusCode())
                .put("duration_ms", Math.round(elapsedMs * 100) / 100.0)
                .put("request_id", RequestIds.of(ctx));
        Caller caller = ctx.attribute(Caller.ATTRIBUTE);
        line.put("partner_uuid", caller == null ? null : caller.partnerUuid().toString());
        accessLog.info(line.toString());
    }
}
