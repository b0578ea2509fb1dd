package thalamus.config;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Everything the service can be told from outside, read once from {@code THALAMUS_*} variables.
 * Nothing else in the code reads the environment.
 */
public record Config(
        String host,
        int port,
        Path dataDir,
        String dbUrl,
        String dbUser,
        String dbPassword,
        int dbPoolSize,
        long dbTimeoutMs,
        int upsertWriters,
        String adminToken,
        String bootstrapApiKey,
        long maxBodyBytes,
        int rateLimitPerSecond,
        int rateLimitBurst,
        int authFailureBurst,
        long shutdownGraceMs) {

    /** The shape every API key has; shared with key generation so the two cannot drift. */
    public static final Pattern API_KEY = Pattern.compile("nerds_(live|test)_[a-z0-9]{30}");

    public static final class Invalid extends RuntimeException {
        public Invalid(List<String> problems) {
            super("Invalid configuration: " + String.join("; ", problems));
        }
    }

    public boolean embeddedDatabase() {
        return dbUrl == null;
    }

    public boolean adminEnabled() {
        return adminToken != null;
    }

    public static Config fromEnvironment(Map<String, String> env) {
        var reader = new Reader(env);
        var config = new Config(
                reader.string("THALAMUS_HOST", "0.0.0.0"),
                reader.integer("THALAMUS_PORT", 8080, 0, 65_535),
                Path.of(reader.string("THALAMUS_DATA_DIR", "./thalamus-data")).toAbsolutePath().normalize(),
                reader.optional("THALAMUS_DB_URL"),
                reader.optional("THALAMUS_DB_USER"),
                reader.optional("THALAMUS_DB_PASSWORD"),
                reader.integer("THALAMUS_DB_POOL_SIZE", 16, 1, 500),
                reader.integer("THALAMUS_DB_TIMEOUT_MS", 2_000, 250, 60_000),
                reader.integer("THALAMUS_UPSERT_WRITERS", 2, 1, 64),
                reader.optional("THALAMUS_ADMIN_TOKEN"),
                reader.optional("THALAMUS_BOOTSTRAP_API_KEY"),
                reader.integer("THALAMUS_MAX_BODY_BYTES", 1_048_576, 1_024, 64 * 1_048_576),
                reader.integer("THALAMUS_RATE_LIMIT_PER_SECOND", 100, 1, 1_000_000),
                reader.integer("THALAMUS_RATE_LIMIT_BURST", 200, 1, 10_000_000),
                reader.integer("THALAMUS_AUTH_FAILURE_BURST", 20, 1, 1_000_000),
                reader.integer("THALAMUS_SHUTDOWN_GRACE_MS", 10_000, 0, 300_000));
        var problems = reader.problems;
        if (config.dbUrl != null && !config.dbUrl.startsWith("jdbc:postgresql:")) {
            problems.add("THALAMUS_DB_URL must be a PostgreSQL JDBC URL (jdbc:postgresql://host:port/database)");
        }
        if (config.dbUrl == null && (config.dbUser != null || config.dbPassword != null)) {
            problems.add("THALAMUS_DB_USER and THALAMUS_DB_PASSWORD only apply together with THALAMUS_DB_URL");
        }
        if (config.bootstrapApiKey != null && !API_KEY.matcher(config.bootstrapApiKey).matches()) {
            problems.add("THALAMUS_BOOTSTRAP_API_KEY must be nerds_live_ or nerds_test_ followed by 30 characters a-z or 0-9");
        }
        if (config.upsertWriters >= config.dbPoolSize) {
            problems.add("THALAMUS_UPSERT_WRITERS must be less than THALAMUS_DB_POOL_SIZE, so reads keep connections of their own");
        }
        if (config.rateLimitBurst < config.rateLimitPerSecond) {
            problems.add("THALAMUS_RATE_LIMIT_BURST must be at least THALAMUS_RATE_LIMIT_PER_SECOND");
        }
        if (!problems.isEmpty()) {
            throw new Invalid(problems);
        }
        return config;
    }

    /** The effective configuration for the start-up log, secrets masked. */
    public String describe() {
        return ("host=%s port=%d store=%s dbPoolSize=%d dbTimeoutMs=%d upsertWriters=%d maxBodyBytes=%d rateLimit=%d/s burst %d "
                + "authFailureBurst=%d shutdownGraceMs=%d admin=%s bootstrapApiKey=%s").formatted(
                host, port,
                embeddedDatabase() ? "embedded:" + dataDir : safeDbUrl() + " user=" + dbUser + " password=" + mask(dbPassword),
                dbPoolSize, dbTimeoutMs, upsertWriters, maxBodyBytes, rateLimitPerSecond, rateLimitBurst, authFailureBurst, shutdownGraceMs,
                adminEnabled() ? "enabled (token " + mask(adminToken) + ")" : "disabled",
                bootstrapApiKey == null ? "unset" : bootstrapApiKey.substring(0, 11) + "****");
    }

    /** The database URL for logs: a password given as a URL parameter is masked. */
    public String safeDbUrl() {
        return dbUrl == null ? null : dbUrl.replaceAll("(?i)(password=)[^&]*", "$1****");
    }

    private static String mask(String secret) {
        return secret == null ? "unset" : "****";
    }

    private static final class Reader {
        private final Map<String, String> env;
        private final List<String> problems = new ArrayList<>();

        Reader(Map<String, String> env) {
            this.env = env;
        }

        String optional(String name) {
            var value = env.get(name);
            return value == null || value.isBlank() ? null : value.strip();
        }

        String string(String name, String fallback) {
            var value = optional(name);
            return value == null ? fallback : value;
        }

        int integer(String name, int fallback, int min, int max) {
            var value = optional(name);
            if (value == null) {
                return fallback;
            }
            try {
                int parsed = Integer.parseInt(value);
                if (parsed >= min && parsed <= max) {
                    return parsed;
                }
            } catch (NumberFormatException ignored) {
                // reported below with the bounds
            }
            problems.add("%s must be a whole number from %d to %d, got '%s'".formatted(name, min, max, value));
            return fallback;
        }
    }
}
