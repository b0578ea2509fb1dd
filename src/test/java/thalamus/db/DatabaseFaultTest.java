package thalamus.db;

import static org.assertj.core.api.Assertions.assertThat;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import thalamus.testing.Response;
import thalamus.testing.TestApp;

/** The database goes away under load and comes back; Thalamus answers 503 meanwhile and recovers alone. */
class DatabaseFaultTest {
    private static final String PATH = "/api/v1/partner/reference/status";

    record Answer(String id, int status, long millis, String retryAfter, boolean envelope) {
    }

    @TempDir
    Path dataDir;

    private static EmbeddedPostgres startPostgres(Path dataDir, int port) throws Exception {
        return EmbeddedPostgres.builder().setDataDirectory(dataDir).setCleanDataDirectory(false).setPort(port)
                .setServerConfig("fsync", "on").setServerConfig("synchronous_commit", "on").start();
    }

    @Test
    void an_outage_answers_fast_503s_and_the_service_recovers_without_restart() throws Exception {
        int port;
        try (var socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        var postgres = startPostgres(dataDir, port);
        var pool = Database.pool(postgres.getJdbcUrl("postgres", "postgres"), "postgres", null, 8, 1_000);
        Database.migrate(pool);
        try (var app = TestApp.start(Map.of("THALAMUS_DB_TIMEOUT_MS", "1000"), pool)) {
            var key = app.newPartnerKey("Outage");
            var answers = new CopyOnWriteArrayList<Answer>();
            var failures = new CopyOnWriteArrayList<String>();
            var running = new AtomicBoolean(true);
            var next = new AtomicInteger();
            try (var writers = Executors.newFixedThreadPool(6)) {
                for (int w = 0; w < 6; w++) {
                    writers.submit(() -> {
                        while (running.get()) {
                            var id = "o" + next.incrementAndGet();
                            long start = System.nanoTime();
                            Response response;
                            try {
                                response = app.post(PATH, key, "{\"id\":\"" + id + "\",\"label\":\"L\",\"mapped_status\":\"open\"}");
                            } catch (AssertionError broken) {
                                failures.add(broken.getMessage());
                                continue;
                            }
                            answers.add(new Answer(id, response.status(), (System.nanoTime() - start) / 1_000_000,
                                    response.header("Retry-After"), !response.json().get("success").asBoolean(true) || response.status() < 300));
                        }
                        return null;
                    });
                }
                Thread.sleep(1_000);
                postgres.close();
                Thread.sleep(3_000);
                var readyDuringOutage = app.get("/health/ready", null);
                int answersDuringOutage = answers.size();
                postgres = startPostgres(dataDir, port);
                long restartedAt = System.nanoTime();
                while (answers.stream().skip(answersDuringOutage).noneMatch(a -> a.status() == 201)) {
                    assertThat(failures).as("answers that break the OpenAPI document").isEmpty();
                    assertThat((System.nanoTime() - restartedAt) / 1_000_000_000).as("seconds to recover").isLessThan(20);
                    Thread.sleep(50);
                }
                Thread.sleep(1_000);
                running.set(false);

                assertThat(readyDuringOutage.status()).isEqualTo(503);
                assertThat(failures).as("answers that break the OpenAPI document").isEmpty();
            }
            assertThat(app.get("/health/ready", null).status()).isEqualTo(200);

            assertThat(answers).extracting(Answer::status).containsOnly(201, 503);
            assertThat(answers).filteredOn(a -> a.status() == 503).isNotEmpty()
                    .allSatisfy(a -> {
                        assertThat(a.retryAfter()).isNotBlank();
                        assertThat(a.envelope()).isTrue();
                        assertThat(a.millis()).as("a 503 within the configured wait").isLessThanOrEqualTo(2_000);
                    });
            List<String> acknowledged = answers.stream().filter(a -> a.status() == 201).map(Answer::id).toList();
            var stored = ConcurrentHashMap.<String>newKeySet();
            try (var connection = pool.getConnection();
                 var rows = connection.createStatement().executeQuery("SELECT external_id FROM status_variant")) {
                while (rows.next()) {
                    stored.add(rows.getString(1));
                }
            }
            assertThat(stored).containsAll(acknowledged);
        } finally {
            pool.close();
            postgres.close();
        }
    }
}
