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

    private final Process process;
    private final Path dataDir;
    private final Path log;
    private final String baseUrl;

    private ServerProcess(Process process, Path dataDir, Path log, String baseUrl) {
        this.process = process;
        this.dataDir = dataDir;
        this.log = log;
        this.baseUrl = baseUrl;
    }

    /** Starts a server and waits until it is ready; {@code settings} are extra {@code --name=value} arguments. */
    static ServerProcess start(List<String> settings) throws InterruptedException {
        try {
            Path dataDir = Files.createTempDirectory("descent-benchmark");
            Path log = dataDir.resolve("server.log");
            int port = freePort();
            List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java")
                    .toString(), "-cp", classPath(), DescentApplication.class.getName(), "--server.port=" + port,
                    "--descent.data-dir=" + dataDir));
            command.addAll(settings);
            Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
            ServerProcess server = new ServerProcess(process, dataDir, log, "http://localhost:" + port);
            server.awaitReady();
            return server;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Seconds since the server's process started. */
    long uptimeSeconds() {
        return process.info().startInstant().map(start -> Duration.between(start, Instant.now()).toSeconds())
                .orElse(Long.MAX_VALUE);
    }

    /** {@code http://localhost:port} */
    String baseUrl() {
        return baseUrl;
    }

    /** The server's peak resident set so far (VmHWM of its /proc status), in bytes; -1 where there is no /proc. */
    long peakResidentBytes() {
        try (Stream<String> lines = Files.lines(Path.of("/proc", String.valueOf(process.pid()), "status"))) {
            return lines.filter(line -> line.startsWith("VmHWM:"))
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
        close();
        throw new IllegalStateException("the server was not ready within " + STARTUP_SECONDS + " s:\n" + logTail());
    }

    private String logTail() throws IOException {
        List<String> lines = Files.readAllLines(log);
        return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
    }

    /** Stops the server (SIGTERM, its graceful shutdown) and deletes its database. */
    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor();
            }
            try (Stream<Path> files = Files.walk(dataDir)) {
                files.sorted(Comparator.reverseOrder()).map(Path::toFile).forEach(File::delete);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** This process' class path; under {@code mvn exec:java} the project's classes are in the loader, not on it. */
    private static String classPath() {
        if (Thread.currentThread().getContextClassLoader() instanceof URLClassLoader loader) {
            List<String> entries = Arrays.stream(loader.getURLs()).map(ServerProcess::path).toList();
            if (!entries.isEmpty()) {
                return String.join(File.pathSeparator, entries);
            }
        }
        return System.getProperty("java.class.path");
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
