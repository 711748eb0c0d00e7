package dev.descent.job;

import org.hibernate.TransactionException;
import org.junit.jupiter.api.Test;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.BadSqlGrammarException;
import org.springframework.orm.jpa.JpaSystemException;
import org.springframework.transaction.CannotCreateTransactionException;

import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;

import static org.assertj.core.api.Assertions.assertThat;

/** The failures seen while PostgreSQL stopped and started again (PostgresOutageTest), and ones that do not pass. */
class TransientFailuresTest {

    @Test
    void aDatabaseThatIsDownOrRestartingIsTransient() {
        // the pool found no connection in time
        assertThat(TransientFailures.isTransient(new CannotCreateTransactionException("Could not open JPA "
                + "EntityManager", new SQLTransientConnectionException("Connection is not available")))).isTrue();
        // the server shut down under a statement: 57P01 admin_shutdown, 08006 connection failure
        assertThat(TransientFailures.isTransient(new RuntimeException(
                new SQLException("terminating connection", "57P01")))).isTrue();
        assertThat(TransientFailures.isTransient(new RuntimeException(new SQLException("I/O error", "08006"))))
                .isTrue();
        // the rollback after that failed too, and the pool says only that the connection is closed
        assertThat(TransientFailures.isTransient(new JpaSystemException(new TransactionException(
                "Unable to rollback against JDBC Connection", new SQLException("Connection is closed"))))).isTrue();
    }

    @Test
    void aConstraintOrABadStatementIsNot() {
        assertThat(TransientFailures.isTransient(new DuplicateKeyException("duplicate key",
                new SQLException("duplicate key value violates unique constraint", "23505")))).isFalse();
        assertThat(TransientFailures.isTransient(new BadSqlGrammarException("insert", "insert into nowhere",
                new SQLException("relation does not exist", "42P01")))).isFalse();
        assertThat(TransientFailures.isTransient(new IllegalStateException("a bug"))).isFalse();
    }
}
