package dev.descent.dataset;

import dev.descent.error.InvalidFieldException;
import dev.descent.security.Caller;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * Each non-admin user's share of uploaded datasets ({@code max-uploads-per-user}). Counting and inserting are one
 * step: {@link #store} locks the {@code uploads} row of {@code admission_locks} first, so of concurrent uploads of one
 * user (on any server sharing the database) exactly the share is stored. {@link #check} refuses early, before an
 * upload is parsed, without the lock.
 */
@Component
public class UploadQuota {

    private final UploadedDatasetRepository uploads;
    private final DatasetLimits limits;
    private final JdbcTemplate jdbc;

    UploadQuota(UploadedDatasetRepository uploads, DatasetLimits limits, JdbcTemplate jdbc) {
        this.uploads = uploads;
        this.limits = limits;
        this.jdbc = jdbc;
    }

    /**
     * Refuses an upload its user has no room for (422 naming {@code field}, the request's file or what a derived
     * dataset is made from); the answer may change before storing.
     */
    void check(Caller caller, String field) {
        if (!caller.admin()) {
            refuseIfFull(caller, field);
        }
    }

    /** Stores the upload if its user still has room, counted and inserted under the lock. */
    @Transactional
    void store(UploadedDataset upload, Caller caller, String field) {
        if (!caller.admin()) {
            jdbc.queryForList("select name from admission_locks where name = 'uploads' for update", String.class);
            refuseIfFull(caller, field);
        }
        uploads.save(upload);
    }

    private void refuseIfFull(Caller caller, String field) {
        long owned = uploads.countByCreatedBy(caller.user());
        if (owned >= limits.maxUploadsPerUser()) {
            throw new InvalidFieldException(field, caller.user() + " has " + owned + " uploaded datasets, the "
                    + "limit per user is " + limits.maxUploadsPerUser() + "; delete one first");
        }
    }
}
