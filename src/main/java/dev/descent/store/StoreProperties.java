package dev.descent.store;

import org.springframework.boot.context.properties.ConfigurationProperties;

import java.nio.file.Path;

/**
 * Where trained models are kept: one file per job under {@code dir} (by default {@code models} under the data
 * directory); replicas sharing a database share this directory as a volume. {@code maxPredictRows} bounds one
 * prediction request.
 */
@ConfigurationProperties("descent.store")
public record StoreProperties(Path dir, @org.springframework.boot.context.properties.bind.DefaultValue("10000") int maxPredictRows) {
}
