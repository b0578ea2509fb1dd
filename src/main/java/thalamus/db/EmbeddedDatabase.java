package thalamus.db;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The default store: a PostgreSQL 17 server run from the bundled binaries, its data kept in one
 * directory across restarts.
 */
public final class EmbeddedDatabase implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(EmbeddedDatabase.class);

    private final EmbeddedPostgres postgres;
    private final Path dataDir;

    private EmbeddedDatabase(EmbeddedPostgres postgres, Path dataDir) {
        this.postgres = postgres;
        this.dataDir = dataDir;
    }

    public static EmbeddedDatabase start(Path dataDir) throws IOException {
        Files.createDirectories(dataDir);
        stopOrphanedServer(dataDir);
        var postgres = EmbeddedPostgres.builder()
                .setDataDirectory(dataDir)
                .setCleanDataDirectory(false)
                // The library's defaults are for throwaway test databases; a 2xx from Thalamus
                // promises the write survives a crash, so durability is switched back on.
                .setServerConfig("fsync", "on")
                .setServerConfig("synchronous_commit", "on")
                .setServerConfig("full_page_writes", "on")
                .setServerConfig("listen_addresses", "127.0.0.1")
                // Crash recovery after a kill can take longer than the library's 10 s default.
                .setPGStartupWait(Duration.ofSeconds(120))
                .start();
        return new EmbeddedDatabase(postgres, dataDir);
    }

    public String jdbcUrl() {
        return jdbcUrl("postgres");
    }

    public String jdbcUrl(String database) {
        return postgres.getJdbcUrl("postgres", database);
    }

    public Path dataDir() {
        return dataDir;
    }

    /**
     * A previous run killed with SIGKILL leaves its postmaster running (it is not our child once
     * we die) and holding the data directory. It has no clients left, so a smart shutdown is
     * quick and clean; only if it hangs is it killed, which PostgreSQL recovers from on start.
     */
    private static void stopOrphanedServer(Path dataDir) throws IOException {
        var pidFile = dataDir.resolve("postmaster.pid");
        if (!Files.exists(pidFile)) {
            return;
        }
        List<String> lines = Files.readAllLines(pidFile);
        if (lines.size() < 2 || !lines.get(0).strip().matches("\\d+")) {
            return; // half-written: PostgreSQL itself treats it as stale
        }
        long pid = Long.parseLong(lines.get(0).strip());
        var process = ProcessHandle.of(pid)
                .filter(ProcessHandle::isAlive)
                .filter(p -> p.info().command().map(c -> c.endsWith("/postgres")).orElse(false))
                .filter(p -> Path.of(lines.get(1).strip()).equals(dataDir));
        if (process.isEmpty()) {
            return; // stale file of a dead server: PostgreSQL removes it on start
        }
        log.warn("A PostgreSQL server (pid {}) left by an earlier run still holds {}; stopping it", pid, dataDir);
        var orphan = process.get();
        orphan.destroy();
        try {
            orphan.onExit().get(60, TimeUnit.SECONDS);
        } catch (Exception stillRunning) {
            log.warn("PostgreSQL pid {} did not stop within 60 s; killing it (it recovers from its WAL)", pid);
            orphan.destroyForcibly();
            orphan.onExit().join();
        }
    }

    @Override
    public void close() throws IOException {
        postgres.close();
    }
}
