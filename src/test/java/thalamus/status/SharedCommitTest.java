package thalamus.status;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import thalamus.testing.Response;
import thalamus.testing.TestApp;

/**
 * Single upserts that arrive while the writers are busy are written together, in one statement
 * and one commit, and each request still gets its own answer. The test makes that happen on
 * purpose: it holds row locks so that both writers wait, lets requests queue up, then lets go.
 */
class SharedCommitTest {
    private static final String PATH = "/api/v1/partner/reference/status";

    // Two writers; a long database timeout keeps queued requests from answering 503 meanwhile.
    @RegisterExtension
    static final TestApp app = TestApp.perClass(Map.of("THALAMUS_UPSERT_WRITERS", "2", "THALAMUS_DB_TIMEOUT_MS", "20000"));

    @Test
    void upserts_queued_behind_busy_writers_share_one_commit_and_each_get_their_own_answer() throws Exception {
        var partners = List.of(app.newPartnerKey("Shared A"), app.newPartnerKey("Shared B"), app.newPartnerKey("Shared C"));
        var answers = new ArrayList<Future<Response>>();
        try (var clients = Executors.newVirtualThreadPerTaskExecutor();
             var locks = app.database().getConnection()) {
            answers.addAll(occupyBothWriters(app.newPartnerKey("Blocker"), clients, locks));
            // Three partners, the same ten ids each: thirty distinct variants in one statement.
            for (int p = 0; p < partners.size(); p++) {
                for (int id = 0; id < 10; id++) {
                    answers.add(send(clients, partners.get(p), body("shared-" + id, "Partner " + p + " label " + id)));
                }
            }
            awaitBacklog(30);
            locks.commit();

            for (var answer : answers) {
                assertThat(answer.get().status()).isIn(200, 201);
            }
        }

        assertThat(answers.subList(0, 2)).allSatisfy(answer -> assertThat(answer.get().status()).isEqualTo(200));
        assertThat(answers.subList(2, 32)).allSatisfy(answer -> assertThat(answer.get().status()).isEqualTo(201));
        assertThat(metric("thalamus_upsert_batch_size_max")).isEqualTo(30.0);
        for (int p = 0; p < partners.size(); p++) {
            for (int id = 0; id < 10; id++) {
                var stored = app.get(PATH + "/shared-" + id, partners.get(p));
                assertThat(stored.data().get("label").asText()).isEqualTo("Partner " + p + " label " + id);
                assertThat(stored.data().get("version").asInt()).isEqualTo(1);
            }
            assertThat(app.get(PATH + "?limit=1000", partners.get(p)).data()).hasSize(10);
        }
        assertThat(app.queryLong("SELECT count(*) FROM status_variant_history h JOIN status_variant v ON v.id = h.status_variant_id "
                + "WHERE v.external_id LIKE 'shared-%'")).isEqualTo(30);
    }

    @Test
    void writes_to_one_variant_queued_together_are_applied_in_order_of_arrival() throws Exception {
        var key = app.newPartnerKey("Orderly");
        app.post(PATH, key, body("ordered", "First"));
        var answers = new ArrayList<Future<Response>>();
        try (var clients = Executors.newVirtualThreadPerTaskExecutor();
             var locks = app.database().getConnection()) {
            answers.addAll(occupyBothWriters(key, clients, locks));
            for (var label : List.of("Second", "Third", "Fourth")) {
                answers.add(send(clients, key, body("ordered", label)));
                awaitBacklog(answers.size() - 2);
            }
            locks.commit();
            for (var answer : answers) {
                assertThat(answer.get().status()).isEqualTo(200);
            }
        }

        assertThat(answers.subList(2, 5)).extracting(answer -> answer.get().data().get("label").asText())
                .containsExactly("Second", "Third", "Fourth");
        assertThat(answers.subList(2, 5)).extracting(answer -> answer.get().data().get("version").asInt())
                .containsExactly(2, 3, 4);
        assertThat(app.get(PATH + "/ordered", key).data().get("label").asText()).isEqualTo("Fourth");
    }

    /**
     * Two variants locked by the test's own transaction, and an update of each sent: each writer
     * takes one and waits on its lock, after which nothing more is taken until {@code locks} commits.
     */
    private static List<Future<Response>> occupyBothWriters(String key, ExecutorService clients, Connection locks) throws Exception {
        for (int i = 0; i < 2; i++) {
            assertThat(app.post(PATH, key, body("blocker-" + i, "Before")).status()).isEqualTo(201);
        }
        locks.setAutoCommit(false);
        try (var statement = locks.prepareStatement("SELECT id FROM status_variant WHERE external_id LIKE 'blocker-%' FOR UPDATE")) {
            statement.executeQuery().close();
        }
        var answers = new ArrayList<Future<Response>>();
        for (int i = 0; i < 2; i++) {
            answers.add(send(clients, key, body("blocker-" + i, "After")));
            awaitLockWaits(i + 1);
        }
        return answers;
    }

    /** Waits until this many statements on the app's database wait for a lock. */
    private static void awaitLockWaits(int expected) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (app.queryLong("SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'") != expected) {
            assertThat(System.nanoTime()).as("lock waits never reached %d", expected).isLessThan(deadline);
            Thread.sleep(5);
        }
    }

    private static Future<Response> send(ExecutorService clients, String key, String body) {
        return clients.submit(() -> app.post(PATH, key, body));
    }

    private static String body(String id, String label) {
        return "{\"id\":\"" + id + "\",\"label\":\"" + label + "\",\"mapped_status\":\"open\"}";
    }

    /** Waits until exactly this many single upserts wait for a writer. */
    private static void awaitBacklog(int expected) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (metric("thalamus_upsert_queue_length") != expected) {
            assertThat(System.nanoTime()).as("backlog never reached %d", expected).isLessThan(deadline);
            Thread.sleep(5);
        }
    }

    private static double metric(String name) {
        var matcher = Pattern.compile("(?m)^" + name + " (\\S+)$").matcher(app.get("/metrics", null).body());
        assertThat(matcher.find()).as(name).isTrue();
        return Double.parseDouble(matcher.group(1));
    }
}
