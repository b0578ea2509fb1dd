package thalamus.partner;

import com.zaxxer.hikari.HikariDataSource;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.postgresql.PGConnection;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keys known to be valid, so most requests need no key lookup. Revocation must still bite at
 * once, on every instance: revoking a key notifies {@value #CHANNEL} in the database; each
 * instance listens and drops its whole cache on any notification. While an instance cannot
 * listen, it does not trust the cache at all.
 */
public final class KeyCache implements AutoCloseable {
    static final String CHANNEL = "thalamus_api_keys";
    private static final Logger log = LoggerFactory.getLogger(KeyCache.class);
    private static final int MAX_ENTRIES = 100_000;

    interface Lookup {
        Caller find(String apiKey) throws SQLException;
    }

    /** An entry counts only while no invalidation happened since its lookup began. */
    private record Entry(Caller caller, long generation) {
    }

    private final ConcurrentHashMap<String, Entry> entries = new ConcurrentHashMap<>();
    private final AtomicLong generation = new AtomicLong();
    private final HikariDataSource dataSource;
    private final Thread listener;
    private volatile boolean listening;
    private volatile boolean closed;

    public KeyCache(HikariDataSource dataSource) {
        this.dataSource = dataSource;
        this.listener = Thread.ofPlatform().daemon().name("thalamus-key-revocations").start(this::listen);
    }

    Caller find(String apiKey, Lookup lookup) throws SQLException {
        long current = generation.get();
        var entry = entries.get(apiKey);
        if (listening && entry != null && entry.generation() == current) {
            return entry.caller();
        }
        var caller = lookup.find(apiKey);
        if (caller != null && listening) {
            if (entries.size() >= MAX_ENTRIES) {
                entries.clear();
            }
            entries.put(apiKey, new Entry(caller, current));
        }
        return caller;
    }

    void invalidate() {
        generation.incrementAndGet();
        entries.clear();
    }

    private void listen() {
        while (!closed) {
            var properties = new java.util.Properties();
            if (dataSource.getUsername() != null) {
                properties.setProperty("user", dataSource.getUsername());
            }
            if (dataSource.getPassword() != null) {
                properties.setProperty("password", dataSource.getPassword());
            }
            properties.setProperty("socketTimeout", "10");
            try (var connection = DriverManager.getConnection(dataSource.getJdbcUrl(), properties);
                 var probe = connection.prepareStatement("SELECT 1")) {
                try (var statement = connection.createStatement()) {
                    statement.execute("LISTEN " + CHANNEL);
                }
                invalidate(); // revocations may have been missed while not listening
                listening = true;
                var notifications = connection.unwrap(PGConnection.class);
                for (long polls = 1; !closed; polls++) {
                    var received = notifications.getNotifications(500);
                    if (received != null && received.length > 0) {
                        invalidate();
                    }
                    if (polls % 10 == 0) {
                        probe.execute(); // a half-open connection only shows itself when used
                    }
                }
            } catch (SQLException e) {
                if (listening) {
                    log.warn("Lost the key revocation listener ({}); API keys are looked up on every request until it is back", e.getMessage());
                }
                listening = false;
                invalidate();
                pause();
            }
        }
        listening = false;
    }

    private void pause() {
        try {
            Thread.sleep(1_000);
        } catch (InterruptedException e) {
            closed = true;
        }
    }

    @Override
    public void close() {
        closed = true;
        listener.interrupt();
    }
}
