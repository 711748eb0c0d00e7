package dev.descent.e2e;

import dev.descent.DescentApplication;
import dev.descent.TestPostgres;
import org.springframework.boot.SpringApplication;
import org.springframework.context.ConfigurableApplicationContext;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;

/**
 * Servers with the {@code postgres} profile on one test database and one shared model store, as replicas would be
 * deployed: in this JVM (a Spring context) or as a separate JVM process that a test can kill.
 */
final class PostgresServers {

    /** Short leases so that a killed server's job is taken over within seconds. */
    static final String[] FAST_QUEUE = {"--descent.executor.poll-interval=100ms",
            "--descent.executor.lease-duration=3s", "--descent.executor.heartbeat-interval=500ms",
            "--descent.executor.threads-per-job=1"};

    private final String databaseUrl;
    private final Path dir;

    PostgresServers(String databaseName, Path dir) {
        this.databaseUrl = TestPostgres.newDatabase(databaseName);
        this.dir = dir;
    }

    private List<String> arguments(String... extra) {
        List<String> args = new ArrayList<>(List.of("--descent.data-dir=" + dir.resolve("data"),
                "--descent.store.dir=" + dir.resolve("models")));
        // a setting in extra replaces the fast queue's (Spring would join two values of one name with a comma)
        List<String> names = Stream.of(extra).map(PostgresServers::name).toList();
        Stream.of(FAST_QUEUE).filter(setting -> !names.contains(name(setting))).forEach(args::add);
        args.addAll(List.of(extra));
        return args;
    }

    private static String name(String setting) {
        int equals = setting.indexOf('=');
        return equals < 0 ? setting : setting.substring(0, equals);
    }

    /** A server in this JVM; the datasource comes from the {@code DESCENT_DB_*} settings, as in a deployment. */
    ConfigurableApplicationContext start(String... extra) {
        List<String> args = arguments(extra);
        args.add("--server.port=0");
        args.addAll(List.of("--spring.profiles.active=postgres", "--DESCENT_DB_URL=" + databaseUrl,
                "--DESCENT_DB_USER=" + TestPostgres.USER));
        return SpringApplication.run(DescentApplication.class, args.toArray(String[]::new));
    }

    static Http client(ConfigurableApplicationContext context) {
        return new Http(Integer.parseInt(context.getEnvironment().getProperty("local.server.port")));
    }

    /** A server in its own JVM (this test's classpath), configured through environment variables. */
    Replica launch(Path log, String... extra) {
        List<String> args = arguments(extra);
        return Replica.launch(args, Map.of("SPRING_PROFILES_ACTIVE", "postgres", "DESCENT_DB_URL", databaseUrl,
                "DESCENT_DB_USER", TestPostgres.USER), log);
    }

    static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The last lines a launched server printed, for a failure message. */
    static String tail(Path log) {
        try (Stream<String> lines = Files.lines(log)) {
            List<String> all = lines.toList();
            return String.join("\n", all.subList(Math.max(0, all.size() - 40), all.size()));
        } catch (IOException | UncheckedIOException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }

    /** A job's status and owner as the database has them. */
    String statusAndOwner(String job) {
        try (Connection connection = DriverManager.getConnection(databaseUrl, TestPostgres.USER, "");
             PreparedStatement statement = connection.prepareStatement("select status, owner from jobs where id = ?")) {
            statement.setObject(1, UUID.fromString(job));
            try (ResultSet rows = statement.executeQuery()) {
                rows.next();
                return rows.getString(1) + " " + rows.getString(2);
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The steps recorded for a job, in order, straight from the database. */
    List<Long> steps(String job) {
        return longs("select step from step_metrics where job_id = ? order by step", job);
    }

    /** The epochs recorded for a job, in order. */
    List<Long> epochs(String job) {
        return longs("select epoch from epoch_metrics where job_id = ? order by epoch", job);
    }

    private List<Long> longs(String sql, String job) {
        try (Connection connection = DriverManager.getConnection(databaseUrl, TestPostgres.USER, "");
             PreparedStatement statement = connection.prepareStatement(sql)) {
            statement.setObject(1, UUID.fromString(job));
            List<Long> values = new ArrayList<>();
            try (ResultSet rows = statement.executeQuery()) {
                while (rows.next()) {
                    values.add(rows.getLong(1));
                }
            }
            return values;
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }
}
