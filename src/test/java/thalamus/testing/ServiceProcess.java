package thalamus.testing;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/** Thalamus as operators run it: its own JVM through {@code thalamus.Main}, killable like any process. */
public final class ServiceProcess {
    private final Process process;
    private final int port;
    private final Path log;
    private final Path dataDir;

    private ServiceProcess(Process process, int port, Path log, Path dataDir) {
        this.process = process;
        this.port = port;
        this.log = log;
        this.dataDir = dataDir;
    }

    public static ServiceProcess start(Path dataDir, Map<String, String> env) throws Exception {
        int port;
        try (var socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        var java = ProcessHandle.current().info().command().orElseThrow();
        var log = Files.createTempFile("thalamus-process", ".log");
        var builder = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"), "thalamus.Main")
                .redirectErrorStream(true)
                .redirectOutput(log.toFile());
        builder.environment().keySet().removeIf(name -> name.startsWith("THALAMUS_"));
        builder.environment().putAll(env);
        builder.environment().put("THALAMUS_DATA_DIR", dataDir.toString());
        builder.environment().put("THALAMUS_HOST", "127.0.0.1");
        builder.environment().put("THALAMUS_PORT", Integer.toString(port));
        var service = new ServiceProcess(builder.start(), port, log, dataDir);
        service.awaitReady(Duration.ofSeconds(90));
        return service;
    }

    public URI uri(String path) {
        return URI.create("http://127.0.0.1:" + port + path);
    }

    public String log() throws IOException {
        return Files.readString(log);
    }

    private void awaitReady(Duration timeout) throws Exception {
        var client = HttpClient.newHttpClient();
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new AssertionError("service exited with " + process.exitValue() + ":\n" + log());
            }
            try {
                client.send(HttpRequest.newBuilder(uri("/")).build(), HttpResponse.BodyHandlers.discarding());
                return;
            } catch (IOException notYet) {
                Thread.sleep(100);
            }
        }
        process.destroyForcibly();
        throw new AssertionError("service did not answer within " + timeout + ":\n" + log());
    }

    /** The embedded PostgreSQL server holding the data directory, while one does. */
    public Optional<ProcessHandle> postmaster() throws IOException {
        var pidFile = dataDir.resolve("postmaster.pid");
        if (!Files.exists(pidFile)) {
            return Optional.empty();
        }
        return ProcessHandle.of(Long.parseLong(Files.readAllLines(pidFile).get(0).strip())).filter(ProcessHandle::isAlive);
    }

    /** SIGKILL to the service alone: its database keeps running, orphaned. */
    public void kill() throws Exception {
        process.destroyForcibly();
        process.waitFor(30, TimeUnit.SECONDS);
    }

    /** SIGKILL to the service and to every process of its embedded database. */
    public void killWithDatabase() throws Exception {
        var postmaster = postmaster();
        kill();
        if (postmaster.isPresent()) {
            postmaster.get().descendants().forEach(ProcessHandle::destroyForcibly);
            postmaster.get().destroyForcibly();
            postmaster.get().onExit().get(30, TimeUnit.SECONDS);
        }
    }

    /** SIGTERM, then the exit code. */
    public int terminate() throws Exception {
        process.destroy();
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError("service ignored SIGTERM for 60 s:\n" + log());
        }
        return process.exitValue();
    }
}
