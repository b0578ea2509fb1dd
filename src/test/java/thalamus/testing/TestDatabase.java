package thalamus.testing;

import com.zaxxer.hikari.HikariDataSource;
import java.nio.file.Files;
import java.sql.DriverManager;
import java.util.concurrent.atomic.AtomicInteger;
import thalamus.db.Database;
import thalamus.db.EmbeddedDatabase;

/**
 * One embedded PostgreSQL per test JVM, started through the production code with its production
 * settings; every caller gets a fresh database migrated by the production scripts.
 */
public final class TestDatabase {
    private static final AtomicInteger DATABASES = new AtomicInteger();
    private static EmbeddedDatabase server;

    private TestDatabase() {
    }

    public static synchronized EmbeddedDatabase server() {
        if (server == null) {
            try {
                server = EmbeddedDatabase.start(Files.createTempDirectory("thalamus-test-pg"));
            } catch (Exception e) {
                throw new IllegalStateException("embedded PostgreSQL for tests did not start", e);
            }
        }
        return server;
    }

    public static HikariDataSource fresh() {
        var name = "test_" + DATABASES.incrementAndGet();
        try (var connection = DriverManager.getConnection(server().jdbcUrl());
             var statement = connection.createStatement()) {
            statement.execute("CREATE DATABASE " + name);
        } catch (Exception e) {
            throw new IllegalStateException("could not create test database " + name, e);
        }
        var pool = Database.pool(server().jdbcUrl(name), "postgres", null, 16, 2_000);
        Database.migrate(pool);
        return pool;
    }
}
