package dev.descent.e2e;

import dev.descent.DescentApplication;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/** A server in its own JVM (this test's classpath), reached over HTTP, with its output in a log file. */
record Replica(Process process, Http http, Path log) {

    /** Starts a server on a free port with {@code --name=value} arguments and environment variables. */
    static Replica launch(List<String> arguments, Map<String, String> environment, Path log) {
        int port = PostgresServers.freePort();
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> command = new ArrayList<>(List.of(java,
                // a quick start matters more than peak speed for these short runs: C1 only, one GC thread
                "-Xmx1g", "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-cp", System.getProperty("java.class.path"),
                DescentApplication.class.getName(), "--server.port=" + port));
        command.addAll(arguments);
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
        builder.environment().putAll(environment);
        try {
            return new Replica(builder.start(), new Http(port), log);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    void awaitReady() {
        long deadline = System.nanoTime() + Duration.ofMinutes(3).toNanos();
        while (!ready()) {
            assertThat(process.isAlive()).as("replica exited:\n" + tail()).isTrue();
            assertThat(System.nanoTime()).as("replica not ready:\n" + tail()).isLessThan(deadline);
            sleep(250);
        }
    }

    private boolean ready() {
        try {
            return http.get("/actuator/health/readiness").status() == 200;
        } catch (RuntimeException notListeningYet) {
            return false;
        }
    }

    /** A counter from the replica's Prometheus endpoint. */
    double metric(String name) {
        String scrape = http.get("/actuator/prometheus").raw().body();
        Matcher value = Pattern.compile("(?m)^" + name + "(\\{[^}]*})? (\\S+)$").matcher(scrape);
        assertThat(value.find()).as(name + " in\n" + scrape).isTrue();
        return Double.parseDouble(value.group(2));
    }

    /** Freezes the whole process (SIGSTOP), as a long GC pause or a suspended VM would. */
    void freeze() {
        signal("STOP");
    }

    /** Lets a frozen process run on (SIGCONT), every thread where it was. */
    void thaw() {
        signal("CONT");
    }

    private void signal(String name) {
        try {
            Process kill = new ProcessBuilder("kill", "-" + name, Long.toString(process.pid())).start();
            assertThat(kill.waitFor()).as("kill -" + name).isZero();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    /** True once the server's log has a line containing {@code text}, waiting for it up to {@code timeout}. */
    boolean logs(String text, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            try {
                if (Files.readString(log).contains(text)) {
                    return true;
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            if (System.nanoTime() > deadline) {
                return false;
            }
            sleep(200);
        }
    }

    String tail() {
        return PostgresServers.tail(log);
    }

    static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }
}
