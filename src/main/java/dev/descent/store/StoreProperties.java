package dev.descent.store;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

import java.nio.file.Path;
import java.time.Duration;

/**
 * Where trained models are kept: one file per job under {@code dir} (by default {@code models} under the data
 * directory); replicas sharing a database share this directory as a volume. {@code maxPredictRows} bounds one
 * prediction request, {@code maxExplainRows} one explanation request (each row answers a gradient of all its features). At start-up, files a killed server left behind (interrupted writes, files of deleted jobs,
 * upload parts) are removed once older than {@code leftoverAge}: younger ones may be another replica's, in use.
 */
@ConfigurationProperties("descent.store")
public record StoreProperties(Path dir, @DefaultValue("10000") int maxPredictRows,
                              @DefaultValue("100") int maxExplainRows,
                              @DefaultValue("1h") Duration leftoverAge) {
}
