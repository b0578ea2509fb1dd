package thalamus.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ConfigTest {
    @Test
    void defaults_apply_when_nothing_is_set() {
        var config = Config.fromEnvironment(Map.of());

        assertThat(config.port()).isEqualTo(8080);
        assertThat(config.host()).isEqualTo("0.0.0.0");
        assertThat(config.dataDir()).isEqualTo(Path.of("thalamus-data").toAbsolutePath());
        assertThat(config.embeddedDatabase()).isTrue();
        assertThat(config.adminEnabled()).isFalse();
        assertThat(config.maxBodyBytes()).isEqualTo(1_048_576);
        assertThat(config.dbTimeoutMs()).isEqualTo(2_000);
        assertThat(config.upsertWriters()).isEqualTo(2);
    }

    @Test
    void upsert_writers_leave_the_pool_connections_for_everything_else() {
        assertThatThrownBy(() -> Config.fromEnvironment(Map.of("THALAMUS_DB_POOL_SIZE", "4", "THALAMUS_UPSERT_WRITERS", "4")))
                .hasMessageContaining("THALAMUS_UPSERT_WRITERS must be less than THALAMUS_DB_POOL_SIZE");
        assertThat(Config.fromEnvironment(Map.of("THALAMUS_DB_POOL_SIZE", "4", "THALAMUS_UPSERT_WRITERS", "3")).upsertWriters()).isEqualTo(3);
    }

    @Test
    void every_problem_is_reported_naming_the_variable_and_bound() {
        assertThatThrownBy(() -> Config.fromEnvironment(Map.of(
                "THALAMUS_PORT", "http",
                "THALAMUS_DB_POOL_SIZE", "0",
                "THALAMUS_BOOTSTRAP_API_KEY", "nerds_live_TOO_SHORT")))
                .isInstanceOf(Config.Invalid.class)
                .hasMessageContaining("THALAMUS_PORT must be a whole number from 0 to 65535, got 'http'")
                .hasMessageContaining("THALAMUS_DB_POOL_SIZE must be a whole number from 1 to 500")
                .hasMessageContaining("THALAMUS_BOOTSTRAP_API_KEY");
    }

    @Test
    void external_database_settings_must_be_consistent() {
        assertThatThrownBy(() -> Config.fromEnvironment(Map.of("THALAMUS_DB_URL", "mysql://x")))
                .hasMessageContaining("THALAMUS_DB_URL");
        assertThatThrownBy(() -> Config.fromEnvironment(Map.of("THALAMUS_DB_USER", "app")))
                .hasMessageContaining("only apply together with THALAMUS_DB_URL");
        var external = Config.fromEnvironment(Map.of("THALAMUS_DB_URL", "jdbc:postgresql://db:5432/thalamus",
                "THALAMUS_DB_USER", "app", "THALAMUS_DB_PASSWORD", "secret"));
        assertThat(external.embeddedDatabase()).isFalse();
    }

    @Test
    void description_masks_secrets() {
        var config = Config.fromEnvironment(Map.of(
                "THALAMUS_DB_URL", "jdbc:postgresql://db/thalamus", "THALAMUS_DB_PASSWORD", "hunter2",
                "THALAMUS_ADMIN_TOKEN", "super-secret-admin-token",
                "THALAMUS_BOOTSTRAP_API_KEY", "nerds_live_a8f3d9k2m5n7p1q4r6t8v0w2x4y6z8"));

        assertThat(config.describe()).doesNotContain("hunter2", "super-secret-admin-token", "a8f3d9k2m5n7p1q4r6t8v0w2x4y6z8");
        var inUrl = Config.fromEnvironment(Map.of("THALAMUS_DB_URL", "jdbc:postgresql://db/thalamus?user=app&password=s3cret&ssl=true"));
        assertThat(inUrl.describe()).doesNotContain("s3cret").contains("password=****&ssl=true");
    }
}
