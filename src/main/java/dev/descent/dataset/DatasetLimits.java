package dev.descent.dataset;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Bounds on what clients may upload or generate.
 *
 * @param maxUploadsPerUser    uploaded datasets one (non-admin) user may keep: uploads are stored in the database
 * @param maxConcurrentUploads uploads received and parsed at once by one server (429 beyond): each holds its
 *                             dataset in memory, 4 bytes a value, while it is parsed and stored
 */
@ConfigurationProperties("descent.datasets")
public record DatasetLimits(
        @DefaultValue("52428800") long maxUploadBytes,
        @DefaultValue("1000000") long maxUploadRows,
        @DefaultValue("100000") int maxUploadColumns,
        @DefaultValue("1000000") int maxGeneratedRows,
        @DefaultValue("50000000") long maxGeneratedValues,
        @DefaultValue("50") int maxUploadsPerUser,
        @DefaultValue("2") int maxConcurrentUploads) {
}
