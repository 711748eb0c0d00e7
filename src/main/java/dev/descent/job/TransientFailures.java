package dev.descent.job;

import org.hibernate.TransactionException;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.dao.TransientDataAccessException;
import org.springframework.transaction.CannotCreateTransactionException;
import org.springframework.transaction.TransactionSystemException;

import java.sql.SQLException;
import java.sql.SQLRecoverableException;
import java.sql.SQLTransientException;

/**
 * Tells a database failure that may pass (the database unreachable or restarting, a connection broken, a lock or
 * serialisation conflict, the pool exhausted) from one that will not (a constraint, a bad statement): the first is
 * worth retrying. The cause chain is read whole, since Spring, Hibernate and the driver each wrap it differently. A
 * transaction that could not be committed or rolled back counts as transient: its connection broke (the pool then
 * says only "Connection is closed", and the failure that started it is lost).
 */
final class TransientFailures {

    private TransientFailures() {
    }

    static boolean isTransient(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof TransientDataAccessException || cause instanceof DataAccessResourceFailureException
                    || cause instanceof CannotCreateTransactionException || cause instanceof TransactionSystemException
                    || cause instanceof TransactionException
                    || cause instanceof SQLTransientException || cause instanceof SQLRecoverableException) {
                return true;
            }
            if (cause instanceof SQLException sql && sql.getSQLState() != null && transientState(sql.getSQLState())) {
                return true;
            }
        }
        return false;
    }

    /**
     * SQLSTATE classes 08 (connection exception), 53 (insufficient resources), 57 (operator intervention: the server
     * shutting down or restarting) and the serialisation failure and deadlock codes 40001 and 40P01.
     */
    private static boolean transientState(String state) {
        return state.startsWith("08") || state.startsWith("53") || state.startsWith("57")
                || state.equals("40001") || state.equals("40P01");
    }
}
