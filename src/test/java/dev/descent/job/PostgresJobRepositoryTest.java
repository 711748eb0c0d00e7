package dev.descent.job;

import dev.descent.TestPostgres;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.annotation.Import;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Instant;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The queue's scenarios of {@link JobRepositoryTest} on a real PostgreSQL (the Flyway migrations included), and the
 * claim that lets replicas scale out: a row another transaction has locked is skipped, not waited for.
 */
@Import(JobQueue.class)
class PostgresJobRepositoryTest extends JobRepositoryTest {

    @DynamicPropertySource
    static void postgres(DynamicPropertyRegistry registry) {
        String url = TestPostgres.newDatabase("jobs");
        registry.add("spring.datasource.url", () -> url);
        registry.add("spring.datasource.username", () -> TestPostgres.USER);
        registry.add("spring.datasource.password", () -> "");
    }

    @Autowired
    private JobRepository jobs;
    @Autowired
    private JobQueue queue;
    @Autowired
    private DataSource dataSource;
    @Autowired
    private JdbcTemplate jdbc;

    @Test
    @Transactional(propagation = Propagation.NOT_SUPPORTED)
    void aClaimSkipsTheJobAnotherClaimerHasLockedAndTakesTheNextOne() throws Exception {
        assertThat(queue.skipsLockedRows()).isTrue();
        jdbc.update("delete from jobs");
        Instant now = Instant.now();
        UUID oldest = jobs.save(new Job(UUID.randomUUID(), "t", "iris", "sgd", "{}", 10, 1, now.minusSeconds(5), "local")).getId();
        UUID next = jobs.save(new Job(UUID.randomUUID(), "t", "iris", "sgd", "{}", 10, 1, now, "local")).getId();
        try (Connection other = dataSource.getConnection()) {
            // another replica is in the middle of claiming the oldest job
            other.setAutoCommit(false);
            try (Statement statement = other.createStatement();
                 ResultSet locked = statement.executeQuery("select id from jobs where status = 'QUEUED' "
                         + "order by created_at, id limit 1 for update skip locked")) {
                assertThat(locked.next()).isTrue();
                assertThat(locked.getObject(1)).isEqualTo(oldest);
            }
            assertThat(queue.claimNext("b", now.plusSeconds(60), now).map(Claim::jobId)).contains(next);
            assertThat(queue.claimNext("b", now.plusSeconds(60), now)).isEmpty();
            other.rollback();
        }
        assertThat(queue.claimNext("c", now.plusSeconds(60), now).map(Claim::jobId)).contains(oldest);
        assertThat(jdbc.queryForObject("select owner from jobs where id = ?", String.class, oldest)).isEqualTo("c");
        assertThat(jobs.findById(next).orElseThrow().getAttempts()).isEqualTo(1);
    }
}
