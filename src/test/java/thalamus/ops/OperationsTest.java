package thalamus.ops;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import thalamus.db.Database;
import thalamus.testing.TestApp;

class OperationsTest {
    /** One sample line of the Prometheus text format 0.0.4. */
    private static final Pattern SAMPLE = Pattern.compile(
            "([a-zA-Z_:][a-zA-Z0-9_:]*)(\\{((?:[a-zA-Z_][a-zA-Z0-9_]*=\"(?:[^\"\\\\]|\\\\.)*\",?)*)})? (-?[0-9.eE+-]+|NaN|\\+Inf|-Inf)( -?\\d+)?");
    private static final Pattern COMMENT = Pattern.compile("# (HELP|TYPE) [a-zA-Z_:][a-zA-Z0-9_:]*( .*)?");

    @RegisterExtension
    static final TestApp app = TestApp.perClass();

    @Test
    void liveness_and_readiness_answer_200_with_the_schema_version() {
        var live = app.get("/health/live", null);
        var ready = app.get("/health/ready", null);

        assertThat(live.status()).isEqualTo(200);
        assertThat(ready.status()).isEqualTo(200);
        assertThat(ready.data().get("database").asText()).isEqualTo("up");
        assertThat(ready.data().get("schema_version").asText()).isEqualTo(Database.SCHEMA_VERSION);
    }

    @Test
    void metrics_parse_as_prometheus_text_and_count_every_request() {
        var key = app.newPartnerKey("Counted");
        for (int i = 0; i < 17; i++) {
            app.post("/api/v1/partner/reference/status", key, "{\"id\":\"m" + (i % 5) + "\",\"label\":\"L\",\"mapped_status\":\"open\"}");
        }
        for (int i = 0; i < 4; i++) {
            app.post("/api/v1/partner/reference/status", key, "{\"id\":5}");
        }

        var scrape = app.get("/metrics", null);

        assertThat(scrape.status()).isEqualTo(200);
        assertThat(scrape.header("Content-Type")).startsWith("text/plain");
        var counts = new HashMap<String, Double>();
        for (var line : scrape.body().split("\n")) {
            if (line.startsWith("#")) {
                assertThat(line).matches(COMMENT);
                continue;
            }
            var sample = SAMPLE.matcher(line);
            assertThat(sample.matches()).as(line).isTrue();
            if (sample.group(1).equals("http_server_requests_seconds_count")
                    && sample.group(3).contains("route=\"/api/v1/partner/reference/status\"")
                    && sample.group(3).contains("method=\"POST\"")) {
                counts.merge(sample.group(3).replaceAll(".*status=\"(\\d+)\".*", "$1"), Double.parseDouble(sample.group(4)), Double::sum);
            }
        }
        assertThat(counts.get("201")).isEqualTo(5.0);
        assertThat(counts.get("200")).isEqualTo(12.0);
        assertThat(counts.get("422")).isEqualTo(4.0);
        assertThat(scrape.body()).contains("http_server_requests_seconds_bucket", "thalamus_db_pool_connections_active",
                "jvm_memory_used_bytes", "jvm_gc_");
    }
}
