package dev.descent.benchmark;

import dev.descent.DescentApplication;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URL;
import java.net.URLClassLoader;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A descent server in its own JVM, as {@code java -jar} would start it (default settings, H2 file database in a
 * temporary directory), so that its memory is its own and nothing of the benchmark's process weighs on it.
 */
final class ServerProcess implements AutoCloseable {

    private static final long STARTUP_SECONDS = 180;
    private static final long SHUTDOWN_SECONDS = 60;

    private final Process process;
    private final List<String> command;
    private final Path dataDir;
    private final Path log;
    private final String baseUrl;

    private ServerProcess(Process process, List<String> command, Path dataDir, Path log, String baseUrl) {
        this.process = process;
        this.command = command;
        this.dataDir = dataDir;
        this.log = log;
        this.baseUrl = baseUrl;
    }

    /** Starts a server and waits until it is ready; {@code settings} are extra {@code --name=value} arguments. */
    static ServerProcess start(List<String> settings) throws InterruptedException {
        try {
            Path dataDir = Files.createTempDirectory("descent-benchmark");
            int port = freePort();
            List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java")
                    .toString(), "-cp", classPath(), DescentApplication.class.getName(), "--server.port=" + port,
                    "--descent.data-dir=" + dataDir));
            command.addAll(settings);
            return launch(command, dataDir, "http://127.0.0.1:" + port);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static ServerProcess launch(List<String> command, Path dataDir, String baseUrl)
            throws InterruptedException, IOException {
        Path log = dataDir.resolve("server.log");
        Process process = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
        ServerProcess server = new ServerProcess(process, command, dataDir, log, baseUrl);
        server.awaitReady();
        return server;
    }

    /**
     * Stops this server, with SIGTERM (its graceful shutdown) or, {@code killed}, with SIGKILL (a crash), and starts
     * it again on the same port and data directory; returns the new server once it is ready.
     */
    ServerProcess restart(boolean killed) throws InterruptedException {
        if (killed) {
            process.destroyForcibly().waitFor();
        } else {
            stop();
        }
        try {
            return launch(command, dataDir, baseUrl);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Seconds since the server's process started. */
    long uptimeSeconds() {
        return process.info().startInstant().map(start -> Duration.between(start, Instant.now()).toSeconds())
                .orElse(Long.MAX_VALUE);
    }

    /** {@code http://127.0.0.1:port} */
    String baseUrl() {
        return baseUrl;
    }

    /** Where the server keeps its database, models and log. */
    Path dataDir() {
        return dataDir;
    }

    /** The server's peak resident set so far (VmHWM of its /proc status), in bytes; -1 where there is no /proc. */
    long peakResidentBytes() {
        return procStatusBytes("VmHWM:");
    }

    /** The server's resident set now (VmRSS of its /proc status), in bytes; -1 where there is no /proc or process. */
    long residentBytes() {
        return procStatusBytes("VmRSS:");
    }

    private long procStatusBytes(String field) {
        try (Stream<String> lines = Files.lines(Path.of("/proc", String.valueOf(process.pid()), "status"))) {
            return lines.filter(line -> line.startsWith(field))
                    .mapToLong(line -> Long.parseLong(line.replaceAll("\\D", "")) * 1024).findFirst().orElse(-1);
        } catch (IOException | UncheckedIOException e) {
            return -1;
        }
    }

    private void awaitReady() throws InterruptedException, IOException {
        HttpClient http = HttpClient.newHttpClient();
        HttpRequest readiness = HttpRequest.newBuilder(URI.create(baseUrl + "/actuator/health/readiness")).build();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(STARTUP_SECONDS);
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("the server exited with " + process.exitValue() + ":\n" + logTail());
            }
            try {
                if (http.send(readiness, HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                    return;
                }
            } catch (IOException notListeningYet) {
                // the port opens late in startup
            }
            Thread.sleep(500);
        }
        stop();
        throw new IllegalStateException("the server was not ready within " + STARTUP_SECONDS + " s (its data and log "
                + "are kept in " + dataDir + "):\n" + logTail());
    }

    private String logTail() throws IOException {
        List<String> lines = Files.readAllLines(log);
        return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
    }

    /** Stops the server (SIGTERM, its graceful shutdown; SIGKILL if it has not exited within a minute). */
    void stop() throws InterruptedException {
        process.destroy();
        try {
            if (!process.waitFor(SHUTDOWN_SECONDS, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor();
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            throw e;
        }
    }

    /** Stops the server and deletes its data directory. */
    @Override
    public void close() {
        try {
            stop();
            try (Stream<Path> files = Files.walk(dataDir)) {
                files.sorted(Comparator.reverseOrder()).map(Path::toFile).forEach(File::delete);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * This process' class path without the tests' and the benchmark's own classes (their logback-test.xml would change
     * the server's logging); under {@code mvn exec:java} the project's classes are in the loader, not on it.
     */
    private static String classPath() {
        List<String> entries = Thread.currentThread().getContextClassLoader() instanceof URLClassLoader loader
                && loader.getURLs().length > 0
                ? Arrays.stream(loader.getURLs()).map(ServerProcess::path).toList()
                : List.of(System.getProperty("java.class.path").split(File.pathSeparator));
        return entries.stream().filter(entry -> !Path.of(entry).endsWith(Path.of("target", "test-classes")))
                .collect(java.util.stream.Collectors.joining(File.pathSeparator));
    }

    private static String path(URL url) {
        try {
            return Path.of(url.toURI()).toString();
        } catch (java.net.URISyntaxException e) {
            throw new IllegalArgumentException(url.toString(), e);
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
