package thalamus.ops;

import com.zaxxer.hikari.HikariDataSource;
import io.javalin.http.Context;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/** Prometheus metrics: requests by route and status, the connection pool, the JVM. */
public final class Metrics implements AutoCloseable {
    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private static final java.util.Set<String> KNOWN_METHODS = java.util.Set.of("GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS");

    private final JvmGcMetrics gcMetrics = new JvmGcMetrics();
    private final java.util.concurrent.ConcurrentHashMap<String, Timer> timers = new java.util.concurrent.ConcurrentHashMap<>();
    private final DistributionSummary upsertBatches = DistributionSummary.builder("thalamus_upsert_batch_size")
            .description("Single upserts written per shared statement and commit")
            .serviceLevelObjectives(1, 2, 4, 8, 16, 32, 64, 128, 256)
            .register(registry);

    public Metrics(HikariDataSource pool) {
        new JvmMemoryMetrics().bindTo(registry);
        gcMetrics.bindTo(registry);
        new JvmThreadMetrics().bindTo(registry);
        new ProcessorMetrics().bindTo(registry);
        var bean = pool.getHikariPoolMXBean();
        Gauge.builder("thalamus_db_pool_connections_active", bean, b -> b.getActiveConnections()).strongReference(true).register(registry);
        Gauge.builder("thalamus_db_pool_connections_idle", bean, b -> b.getIdleConnections()).strongReference(true).register(registry);
        Gauge.builder("thalamus_db_pool_connections_pending", bean, b -> b.getThreadsAwaitingConnection()).strongReference(true).register(registry);
        Gauge.builder("thalamus_db_pool_connections_max", pool, p -> p.getMaximumPoolSize()).strongReference(true).register(registry);
    }

    /** Single upserts written together in one statement and one commit (see status.UpsertQueue). */
    public void recordUpsertBatch(int size) {
        upsertBatches.record(size);
    }

    /** Single upserts waiting for a writer; a standing backlog means the database is the limit. */
    public void gaugeUpsertBacklog(java.util.function.IntSupplier backlog) {
        Gauge.builder("thalamus_upsert_queue_length", backlog, b -> b.getAsInt()).strongReference(true).register(registry);
    }

    void record(Context ctx, String route, float elapsedMs) {
        // Clients choose the method token freely; only known ones become series, or the registry grows without bound.
        var method = KNOWN_METHODS.contains(ctx.req().getMethod()) ? ctx.req().getMethod() : "OTHER";
        int status = ctx.statusCode();
        // Looked up by a cheap key: building and registering a Timer on every request costs more than the request's JSON.
        timers.computeIfAbsent(method + ' ' + status + ' ' + route, key -> Timer.builder("http_server_requests")
                        .description("HTTP requests by method, route template and status")
                        .tag("method", method)
                        .tag("route", route)
                        .tag("status", Integer.toString(status))
                        .publishPercentileHistogram()
                        .minimumExpectedValue(Duration.ofMillis(1))
                        .maximumExpectedValue(Duration.ofSeconds(10))
                        .register(registry))
                .record((long) (elapsedMs * 1_000_000), TimeUnit.NANOSECONDS);
    }

    void scrape(Context ctx) {
        ctx.contentType("text/plain; version=0.0.4; charset=utf-8").result(registry.scrape());
    }

    @Override
    public void close() {
        gcMetrics.close();
        registry.close();
    }
}
