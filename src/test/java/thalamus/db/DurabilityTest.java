package thalamus.db;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import thalamus.testing.ServiceProcess;

/** The service in its own process, on its embedded database, killed and restarted on the same data. */
class DurabilityTest {
    private static final String KEY = "nerds_live_durab1ity0test0key0abcdefghijk";
    private static final Map<String, String> ENV = Map.of("THALAMUS_BOOTSTRAP_API_KEY", KEY,
            "THALAMUS_RATE_LIMIT_PER_SECOND", "1000000", "THALAMUS_RATE_LIMIT_BURST", "1000000");
    private final HttpClient http = HttpClient.newHttpClient();

    @TempDir
    Path dataDir;

    private int upsert(ServiceProcess service, String id) throws Exception {
        var request = HttpRequest.newBuilder(service.uri("/api/v1/partner/reference/status"))
                .header("Authorization", "Bearer " + KEY)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"id\":\"" + id + "\",\"label\":\"L\",\"mapped_status\":\"open\"}"))
                .build();
        return http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
    }

    /** What 8 writers saw until {@code stop} ran once {@code acknowledgements} writes had succeeded. */
    record Load(Set<String> acknowledged, List<Integer> statuses) {
    }

    interface Stop {
        void run() throws Exception;
    }

    private Load writeUntil(ServiceProcess service, int acknowledgements, Stop stop) throws Exception {
        var load = new Load(ConcurrentHashMap.newKeySet(), new CopyOnWriteArrayList<>());
        var next = new AtomicInteger();
        try (var writers = Executors.newFixedThreadPool(8)) {
            for (int w = 0; w < 8; w++) {
                writers.submit(() -> {
                    while (true) {
                        var id = "w" + next.incrementAndGet();
                        int status;
                        try {
                            status = upsert(service, id);
                        } catch (Exception refusedOrReset) {
                            return null; // the service has stopped listening: not an answer
                        }
                        load.statuses().add(status);
                        if (status == 201) {
                            load.acknowledged().add(id);
                        }
                    }
                });
            }
            while (load.acknowledged().size() < acknowledgements) {
                Thread.sleep(5);
            }
            stop.run();
        }
        return load;
    }

    /** Starts the service again on the same data; every acknowledged variant must be there. */
    private void assertAllPresentAfterRestart(Set<String> acknowledged) throws Exception {
        var restarted = ServiceProcess.start(dataDir, ENV);
        try {
            for (var id : acknowledged) {
                assertThat(upsert(restarted, id)).as("acknowledged %s before the restart", id).isEqualTo(200);
            }
        } finally {
            restarted.terminate();
        }
    }

    @Test
    void acknowledged_writes_survive_sigkill_of_service_and_database() throws Exception {
        var service = ServiceProcess.start(dataDir, ENV);

        var load = writeUntil(service, 300, service::killWithDatabase);

        assertThat(load.acknowledged()).hasSizeGreaterThanOrEqualTo(300);
        assertAllPresentAfterRestart(load.acknowledged());
    }

    @Test
    void sigterm_under_load_answers_no_5xx_and_loses_no_acknowledged_write() throws Exception {
        var service = ServiceProcess.start(dataDir, ENV);
        var exitCode = new AtomicInteger(-1);

        var load = writeUntil(service, 200, () -> exitCode.set(service.terminate()));

        assertThat(exitCode.get()).isZero();
        assertThat(load.statuses()).isNotEmpty().allSatisfy(status -> assertThat(status).isLessThan(500));
        assertAllPresentAfterRestart(load.acknowledged());
    }

    @Test
    void restart_after_sigkill_takes_over_the_orphaned_database() throws Exception {
        var service = ServiceProcess.start(dataDir, ENV);
        assertThat(upsert(service, "before-kill")).isEqualTo(201);
        var orphan = service.postmaster().orElseThrow();
        service.kill();
        assertThat(orphan.isAlive()).as("the embedded database outlives a SIGKILLed service").isTrue();

        var restarted = ServiceProcess.start(dataDir, ENV);
        try {
            assertThat(upsert(restarted, "before-kill")).isEqualTo(200);
            assertThat(orphan.isAlive()).isFalse();
        } finally {
            restarted.terminate();
        }
    }

    @Test
    void sigterm_stops_the_service_and_its_database_cleanly() throws Exception {
        var service = ServiceProcess.start(dataDir, ENV);
        assertThat(upsert(service, "kept")).isEqualTo(201);
        var postmaster = service.postmaster().orElseThrow();

        assertThat(service.terminate()).isZero();

        // pg_ctl reports the stop once the pid file is gone, a moment before the process exits.
        postmaster.onExit().get(10, java.util.concurrent.TimeUnit.SECONDS);
        assertThat(Files.exists(dataDir.resolve("postmaster.pid"))).isFalse();
        var restarted = ServiceProcess.start(dataDir, ENV);
        try {
            assertThat(upsert(restarted, "kept")).isEqualTo(200);
        } finally {
            restarted.terminate();
        }
    }

    @Test
    void embedded_database_runs_durable() throws Exception {
        try (var database = EmbeddedDatabase.start(dataDir);
             var connection = java.sql.DriverManager.getConnection(database.jdbcUrl());
             var rows = connection.createStatement().executeQuery(
                     "SELECT current_setting('fsync'), current_setting('synchronous_commit'), current_setting('full_page_writes')")) {
            rows.next();
            assertThat(rows.getString(1)).isEqualTo("on");
            assertThat(rows.getString(2)).isEqualTo("on");
            assertThat(rows.getString(3)).isEqualTo("on");
        }
    }
}
