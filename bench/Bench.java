import com.fasterxml.jackson.databind.ObjectMapper;
import com.zaxxer.hikari.HikariDataSource;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Pattern;
import thalamus.db.Database;
import thalamus.db.EmbeddedDatabase;
import thalamus.status.StatusCategory;
import thalamus.status.StatusVariantInput;
import thalamus.status.StatusVariantStore;

/**
 * Thalamus against the database's own limit, in one run on one PostgreSQL. Started by bench/run:
 * <ol>
 *   <li>plain: C JDBC connections run a minimal single-row upsert (pgbench-style) on a copy of the table;</li>
 *   <li>raw: C JDBC connections run the service's own upsert statement, one variant per transaction;</li>
 *   <li>HTTP: the service (its own JVM, `java -jar`) on the same database, driven by wrk with C
 *       keep-alive connections over the same mix of partners and ids; then at half that rate for latency;</li>
 *   <li>bulk: 1000-row upserts through the same statement, raw and over HTTP;</li>
 *   <li>the service's start-up time to first answer and its peak RSS.</li>
 * </ol>
 * Each figure is taken in every run; the medians and their ratios are printed at the end.
 */
public class Bench {
    private static final String ADMIN_TOKEN = "bench-admin-token-0123456789abcdef";
    private static final int PARTNERS = 8;
    private static final int IDS_PER_PARTNER = 5_000;
    private static final int BULK_THREADS = 4;
    private static final int BULK_SIZE = 1_000;
    private static final int WARM_UP_SECONDS = 5;
    private static final ObjectMapper JSON = new ObjectMapper();

    record Partner(long id, long keyId, String apiKey) {
    }

    record Wrk(double requestsPerSecond, double p50Ms, double p99Ms, double maxMs, long errors) {
    }

    record Run(double plainPerSecond, double rawPerSecond, Wrk http, Wrk halfRate, double rawBulkRowsPerSecond,
               double httpBulkRowsPerSecond, long bulkErrors, double startupMs, double rssMb) {
    }

    static Path repo;
    static int runs = 3;
    static int seconds = 10;
    static int connections = 32;

    public static void main(String[] args) throws Exception {
        repo = Path.of(args[0]);
        for (int i = 1; i + 1 < args.length; i += 2) {
            switch (args[i]) {
                case "--runs" -> runs = Integer.parseInt(args[i + 1]);
                case "--seconds" -> seconds = Integer.parseInt(args[i + 1]);
                case "--connections" -> connections = Integer.parseInt(args[i + 1]);
                default -> throw new IllegalArgumentException("unknown option " + args[i]);
            }
        }
        var url = System.getenv("THALAMUS_DB_URL");
        var user = System.getenv("THALAMUS_DB_USER");
        var password = System.getenv("THALAMUS_DB_PASSWORD");
        EmbeddedDatabase embedded = null;
        if (url == null) {
            embedded = EmbeddedDatabase.start(Files.createTempDirectory("thalamus-bench-pg"));
            url = embedded.jdbcUrl();
            user = "postgres";
        }
        System.out.printf("Thalamus benchmark: %d runs of %d s, C = %d, %d cores, database %s%n%n",
                runs, seconds, connections, Runtime.getRuntime().availableProcessors(), embedded == null ? url : "embedded (durable)");
        var results = new ArrayList<Run>();
        try (var pool = Database.pool(url, user, password, connections, 5_000)) {
            Database.migrate(pool);
            try {
                for (int run = 1; run <= runs; run++) {
                    results.add(run(run, pool, url, user, password));
                }
            } finally {
                try (var connection = pool.getConnection(); var statement = connection.createStatement()) {
                    statement.execute("DROP TABLE IF EXISTS bench_plain_upsert");
                }
            }
        } finally {
            if (embedded != null) {
                embedded.close();
            }
        }
        report(results);
    }

    static Run run(int number, HikariDataSource pool, String url, String user, String password) throws Exception {
        var store = new StatusVariantStore(pool);
        var service = Service.start(url, user, password);
        try {
            var partners = createPartners(service, pool, number);
            // Steady state is what is compared: both JVMs first get to compile their hot paths.
            rawSingle(store, partners, WARM_UP_SECONDS);
            plainSingle(pool, partners, WARM_UP_SECONDS);
            // As pgbench does before it measures: statistics for the rows just written, so that no
            // plan is kept from when the tables were empty (autovacuum would get there within a minute).
            try (var connection = pool.getConnection(); var statement = connection.createStatement()) {
                statement.execute("VACUUM ANALYZE");
            }
            wrk(service, partners, 0, WARM_UP_SECONDS);
            double plain = plainSingle(pool, partners, seconds);
            double raw = rawSingle(store, partners, seconds);
            var http = wrk(service, partners, 0, seconds);
            // About half the rate: each connection pauses so that C connections together send R/2
            // (less the ~1 ms a request takes at that load; the rate reached is reported).
            double intervalMs = 1000.0 * connections / (http.requestsPerSecond() / 2);
            var halfRate = wrk(service, partners, Math.max(0, Math.round(intervalMs - 1)), seconds);
            double rawBulk = rawBulk(store, partners);
            var bulk = httpBulk(service, partners);
            double httpBulk = bulk.requestsPerSecond() * BULK_SIZE;
            var run = new Run(plain, raw, http, halfRate, rawBulk, httpBulk, bulk.errors(), service.startupMs, service.peakRssMb());
            System.out.printf("run %d: plain %.0f/s | raw %.0f/s | HTTP %.0f/s p50 %.1f ms p99 %.1f ms max %.0f ms errors %d | "
                            + "at %.0f/s p99 %.1f ms | bulk raw %.0f rows/s HTTP %.0f rows/s errors %d | start %.0f ms | RSS %.0f MB%n",
                    number, plain, raw, http.requestsPerSecond(), http.p50Ms(), http.p99Ms(), http.maxMs(), http.errors(),
                    halfRate.requestsPerSecond(), halfRate.p99Ms(), rawBulk, httpBulk, bulk.errors(), service.startupMs, service.peakRssMb());
            return run;
        } finally {
            service.stop();
        }
    }

    /** One variant upsert: a partner, an id of its, a new label and a category. */
    interface SingleUpsert {
        void write(Partner partner, String id, String label, String category) throws Exception;
    }

    /** C threads, one upsert per transaction, over the same mix of partners and ids as wrk; upserts per second. */
    static double singleUpserts(List<Partner> partners, int seconds, SingleUpsert upsert) throws Exception {
        var counter = new AtomicLong();
        var done = new AtomicLong();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        var workers = new ArrayList<Future<?>>();
        try (var threads = Executors.newFixedThreadPool(connections)) {
            for (int t = 0; t < connections; t++) {
                workers.add(threads.submit(() -> {
                    var random = ThreadLocalRandom.current();
                    while (System.nanoTime() < deadline) {
                        upsert.write(partners.get(random.nextInt(partners.size())), "bench-" + (1 + random.nextInt(IDS_PER_PARTNER)),
                                "Label " + counter.incrementAndGet(), StatusCategory.VALUES.get(random.nextInt(6)));
                        done.incrementAndGet();
                    }
                    return null;
                }));
            }
        }
        for (var worker : workers) {
            worker.get(); // a failed upsert fails the benchmark rather than lowering its figure
        }
        return done.get() / (double) seconds;
    }

    /** The service's own statement, one variant per transaction. */
    static double rawSingle(StatusVariantStore store, List<Partner> partners, int seconds) throws Exception {
        return singleUpserts(partners, seconds, (partner, id, label, category) ->
                store.upsertAll(partner.id(), partner.keyId(), List.of(StatusVariantInput.of(id, label, category))));
    }

    /**
     * The floor under any upsert of a status variant, pgbench-style: one plain single-row INSERT ..
     * ON CONFLICT DO UPDATE per transaction, on a copy of the table with the same columns and
     * indexes but no history and no telling unchanged writes apart. What the service's own
     * statement costs on top of this is what history and change detection cost.
     */
    static double plainSingle(HikariDataSource pool, List<Partner> partners, int seconds) throws Exception {
        try (var connection = pool.getConnection(); var statement = connection.createStatement()) {
            statement.execute("CREATE TABLE IF NOT EXISTS bench_plain_upsert (LIKE status_variant INCLUDING ALL)");
        }
        var sql = """
                INSERT INTO bench_plain_upsert (partner_id, external_id, label, mapped_status, changed_by_key_id)
                VALUES (?, ?, ?, ?, ?)
                ON CONFLICT (partner_id, external_id) DO UPDATE
                   SET label = excluded.label, mapped_status = excluded.mapped_status, changed_by_key_id = excluded.changed_by_key_id,
                       version = bench_plain_upsert.version + 1, updated_at = now()
                RETURNING id, uuid, version, created_at, updated_at
                """;
        return singleUpserts(partners, seconds, (partner, id, label, category) -> {
            try (var connection = pool.getConnection(); var statement = connection.prepareStatement(sql)) {
                statement.setLong(1, partner.id());
                statement.setString(2, id);
                statement.setString(3, label);
                statement.setString(4, category);
                statement.setLong(5, partner.keyId());
                try (var rows = statement.executeQuery()) {
                    rows.next();
                }
            }
        });
    }

    /** Batches of 1000 rows; each thread owns its ids so batches measure writing, not lock waits. */
    static double rawBulk(StatusVariantStore store, List<Partner> partners) throws Exception {
        var rows = new AtomicLong();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        var workers = new ArrayList<Future<?>>();
        try (var threads = Executors.newFixedThreadPool(BULK_THREADS)) {
            for (int t = 0; t < BULK_THREADS; t++) {
                int thread = t;
                workers.add(threads.submit(() -> {
                    var partner = partners.get(thread % partners.size());
                    for (int batch = 0; System.nanoTime() < deadline; batch++) {
                        var inputs = new ArrayList<StatusVariantInput>(BULK_SIZE);
                        for (int i = 0; i < BULK_SIZE; i++) {
                            inputs.add(StatusVariantInput.of(bulkId(thread, batch, i), "Raw " + batch, StatusCategory.VALUES.get(i % 6)));
                        }
                        store.upsertAll(partner.id(), partner.keyId(), inputs);
                        rows.addAndGet(BULK_SIZE);
                    }
                    return null;
                }));
            }
        }
        for (var worker : workers) {
            worker.get();
        }
        return rows.get() / (double) seconds;
    }

    /** wrk, one thread and one connection per bulk client, each with ids of its own (bench/bulk.lua). */
    static Wrk httpBulk(Service service, List<Partner> partners) throws Exception {
        return wrk(service, partners, "bulk.lua", BULK_THREADS, BULK_THREADS, 0, seconds);
    }

    /** Ten batches of distinct ids per thread, relabelled on every pass, so every row is written. */
    static String bulkId(int thread, int batch, int item) {
        return "bulk-" + thread + "-" + (batch % 10) + "-" + item;
    }

    static Wrk wrk(Service service, List<Partner> partners, long delayMs, int seconds) throws Exception {
        return wrk(service, partners, "upsert.lua", 1, connections, delayMs, seconds);
    }

    static Wrk wrk(Service service, List<Partner> partners, String script, int threads, int connections, long delayMs,
                   int seconds) throws Exception {
        var keys = String.join(",", partners.stream().map(Partner::apiKey).toList());
        var process = new ProcessBuilder("wrk", "-t" + threads, "-c" + connections, "-d" + seconds + "s", "--latency",
                "-s", repo.resolve("bench/" + script).toString(), service.uri("").toString())
                .redirectErrorStream(true);
        process.environment().putAll(Map.of("BENCH_KEYS", keys, "BENCH_IDS", Integer.toString(IDS_PER_PARTNER),
                "BENCH_DELAY_MS", Long.toString(delayMs)));
        var started = process.start();
        var output = new String(started.getInputStream().readAllBytes());
        if (started.waitFor() != 0) {
            throw new IllegalStateException("wrk failed:\n" + output);
        }
        double p50 = millis(output, "\\s50%\\s+");
        double p99 = millis(output, "\\s99%\\s+");
        double maxMs = millis(output, "Latency\\s+\\S+\\s+\\S+\\s+");
        var rate = Pattern.compile("Requests/sec:\\s+([0-9.]+)").matcher(output);
        rate.find();
        long errors = 0;
        var non2xx = Pattern.compile("Non-2xx or 3xx responses: (\\d+)").matcher(output);
        if (non2xx.find()) {
            errors += Long.parseLong(non2xx.group(1));
        }
        var socketErrors = Pattern.compile("Socket errors: connect (\\d+), read (\\d+), write (\\d+), timeout (\\d+)").matcher(output);
        if (socketErrors.find()) {
            for (int g = 1; g <= 4; g++) {
                errors += Long.parseLong(socketErrors.group(g));
            }
        }
        return new Wrk(Double.parseDouble(rate.group(1)), p50, p99, maxMs, errors);
    }

    /** The duration wrk prints after {@code prefix} (in us, ms or s), in milliseconds. */
    static double millis(String output, String prefix) {
        var matcher = Pattern.compile(prefix + "([0-9.]+)(us|ms|s)").matcher(output);
        if (!matcher.find()) {
            throw new IllegalStateException("no " + prefix + " in wrk output:\n" + output);
        }
        double value = Double.parseDouble(matcher.group(1));
        return switch (matcher.group(2)) {
            case "us" -> value / 1000;
            case "s" -> value * 1000;
            default -> value;
        };
    }

    static List<Partner> createPartners(Service service, HikariDataSource pool, int run) throws Exception {
        var client = HttpClient.newHttpClient();
        var partners = new ArrayList<Partner>();
        for (int i = 0; i < PARTNERS; i++) {
            var response = client.send(HttpRequest.newBuilder(service.uri("/admin/v1/partners"))
                    .header("Authorization", "Bearer " + ADMIN_TOKEN).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString("{\"name\":\"Bench " + run + "-" + i + "\"}")).build(),
                    HttpResponse.BodyHandlers.ofString());
            var data = JSON.readTree(response.body()).get("data");
            try (var connection = pool.getConnection();
                 var statement = connection.prepareStatement("SELECT partner_id, id FROM api_key WHERE uuid = ?::uuid")) {
                statement.setString(1, data.get("api_key_id").asText());
                try (var rows = statement.executeQuery()) {
                    rows.next();
                    partners.add(new Partner(rows.getLong(1), rows.getLong(2), data.get("api_key").asText()));
                }
            }
        }
        return partners;
    }

    static void report(List<Run> runs) {
        double plain = median(runs, Run::plainPerSecond);
        double raw = median(runs, Run::rawPerSecond);
        double http = median(runs, r -> r.http().requestsPerSecond());
        double rawBulk = median(runs, Run::rawBulkRowsPerSecond);
        double httpBulk = median(runs, Run::httpBulkRowsPerSecond);
        System.out.printf("%nMedians of %d runs (C = %d, %d s each)%n", runs.size(), connections, seconds);
        System.out.printf("  plain single-row upserts (pgbench-style, JDBC)   %8.0f /s   (no history, no unchanged detection)%n", plain);
        System.out.printf("  raw single upserts (the service's statement)     %8.0f /s   = %.2f x plain%n", raw, raw / plain);
        System.out.printf("  HTTP single upserts (wrk, keep-alive)            %8.0f /s   = %.2f x raw   (target >= 0.80; stretch >= 1.0)%n", http, http / raw);
        System.out.printf("                                                              = %.2f x plain%n", http / plain);
        System.out.printf("    latency at full load                           p50 %.1f ms, p99 %.1f ms, max %.0f ms%n",
                median(runs, r -> r.http().p50Ms()), median(runs, r -> r.http().p99Ms()), median(runs, r -> r.http().maxMs()));
        System.out.printf("    latency at %.0f /s (about half)                  p50 %.1f ms, p99 %.1f ms   (target p99 <= 10 ms)%n",
                median(runs, r -> r.halfRate().requestsPerSecond()), median(runs, r -> r.halfRate().p50Ms()), median(runs, r -> r.halfRate().p99Ms()));
        System.out.printf("    errors (non-2xx and socket), all runs          %8d%n",
                runs.stream().mapToLong(r -> r.http().errors() + r.halfRate().errors()).sum());
        System.out.printf("  raw bulk upserts (1000 rows per statement)       %8.0f rows/s%n", rawBulk);
        System.out.printf("  HTTP bulk upserts (1000 items per request)       %8.0f rows/s = %.2f x raw   (targets >= 50000 rows/s, >= 0.70)%n", httpBulk, httpBulk / rawBulk);
        System.out.printf("    errors, all runs                               %8d%n", runs.stream().mapToLong(Run::bulkErrors).sum());
        System.out.printf("  service start-up to first answer (external db)   %8.0f ms   (target <= 1500)%n", median(runs, Run::startupMs));
        System.out.printf("  service peak RSS                                 %8.0f MB   (target <= 300)%n", median(runs, Run::rssMb));
    }

    static double median(List<Run> runs, java.util.function.ToDoubleFunction<Run> figure) {
        var values = new ArrayList<Double>();
        runs.forEach(r -> values.add(figure.applyAsDouble(r)));
        Collections.sort(values);
        int n = values.size();
        return n % 2 == 1 ? values.get(n / 2) : (values.get(n / 2 - 1) + values.get(n / 2)) / 2;
    }

    /** The service as operators run it (bin/thalamus), here on the bench's database. */
    static final class Service {
        final Process process;
        final int port;
        final double startupMs;

        private Service(Process process, int port, double startupMs) {
            this.process = process;
            this.port = port;
            this.startupMs = startupMs;
        }

        static Service start(String url, String user, String password) throws Exception {
            int port;
            try (var socket = new ServerSocket(0)) {
                port = socket.getLocalPort();
            }
            var builder = new ProcessBuilder(repo.resolve("bin/thalamus").toString())
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD);
            var env = builder.environment();
            env.keySet().removeIf(name -> name.startsWith("THALAMUS_"));
            env.put("THALAMUS_DB_URL", url);
            if (user != null) {
                env.put("THALAMUS_DB_USER", user);
            }
            if (password != null) {
                env.put("THALAMUS_DB_PASSWORD", password);
            }
            env.put("THALAMUS_HOST", "127.0.0.1");
            env.put("THALAMUS_PORT", Integer.toString(port));
            env.put("THALAMUS_ADMIN_TOKEN", ADMIN_TOKEN);
            env.put("THALAMUS_RATE_LIMIT_PER_SECOND", "1000000");
            env.put("THALAMUS_RATE_LIMIT_BURST", "1000000");
            long launched = System.nanoTime();
            var process = builder.start();
            var client = HttpClient.newHttpClient();
            var live = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/health/live")).build();
            while (true) {
                if (!process.isAlive()) {
                    throw new IllegalStateException("the service exited during start-up");
                }
                try {
                    if (client.send(live, HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                        break;
                    }
                } catch (IOException notYet) {
                    Thread.sleep(5);
                }
            }
            return new Service(process, port, (System.nanoTime() - launched) / 1e6);
        }

        URI uri(String path) {
            return URI.create("http://127.0.0.1:" + port + path);
        }

        double peakRssMb() throws IOException {
            for (var line : Files.readAllLines(Path.of("/proc/" + process.pid() + "/status"))) {
                if (line.startsWith("VmHWM:")) {
                    return Long.parseLong(line.replaceAll("\\D", "")) / 1024.0;
                }
            }
            return Double.NaN;
        }

        void stop() throws Exception {
            process.destroy();
            process.waitFor(30, TimeUnit.SECONDS);
        }
    }
}
