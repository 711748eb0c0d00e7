package dev.descent.job;

import dev.descent.dataset.BuiltInDatasets;
import dev.descent.dataset.DataPreparation;
import dev.descent.dataset.Dataset;
import dev.descent.dataset.DatasetDeleted;
import dev.descent.dataset.DatasetRef;
import dev.descent.dataset.PreparedData;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.springframework.util.unit.DataSize;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/** The prepared data kept between jobs, on the real iris rows and their real preparation. */
class PreparedDataCacheTest {

    private static final Dataset IRIS = new BuiltInDatasets().load("iris", null).orElseThrow();
    private static final DatasetRef SPLIT = new DatasetRef("iris", 0.2, 0L, true, null);
    /** iris in float32: 150 rows of 4 features and 3 one-hot classes. */
    private static final long IRIS_BYTES = 150L * (4 + 3) * 4;

    private final AtomicInteger loads = new AtomicInteger();
    private Instant now = Instant.parse("2026-01-01T00:00:00Z");

    private PreparedDataCache cache(long maxBytes) {
        Clock clock = new Clock() {
            @Override
            public ZoneOffset getZone() {
                return ZoneOffset.UTC;
            }

            @Override
            public Clock withZone(java.time.ZoneId zone) {
                return this;
            }

            @Override
            public Instant instant() {
                return now;
            }
        };
        return new PreparedDataCache((id, options) -> {
            loads.incrementAndGet();
            return IRIS;
        }, new PreparedDataProperties(DataSize.ofBytes(maxBytes), Duration.ofMinutes(2)), clock);
    }

    @Test
    void theNextJobOnTheSameDatasetAndPreparationGetsTheDataPreparedBeforeAndEqualToAFreshPreparation() {
        PreparedDataCache cache = cache(1 << 20);
        PreparedData first;
        try (PreparedDataCache.Lease lease = cache.take(SPLIT, DataType.FLOAT)) {
            first = lease.data();
        }
        assertThat(cache.keptBytes()).isEqualTo(IRIS_BYTES);
        try (PreparedDataCache.Lease lease = cache.take(SPLIT, DataType.FLOAT)) {
            assertThat(lease.data()).isSameAs(first);
            assertThat(lease.inputShape()).isEqualTo(IRIS.inputShape());
            PreparedData fresh = DataPreparation.prepare(IRIS, 0.2, 0, true, DataType.FLOAT);
            assertThat(lease.data().trainX()).isEqualTo(fresh.trainX());
            assertThat(lease.data().valY()).isEqualTo(fresh.valY());
            assertThat(lease.data().standardization()).isEqualTo(fresh.standardization());
        }
        assertThat(loads).hasValue(1);
    }

    @Test
    void anotherSplitSeedOrPrecisionIsPreparedAnew() {
        PreparedDataCache cache = cache(1 << 20);
        cache.take(SPLIT, DataType.FLOAT).close();
        try (PreparedDataCache.Lease otherSeed = cache.take(new DatasetRef("iris", 0.2, 1L, true, null), DataType.FLOAT);
             PreparedDataCache.Lease otherType = cache.take(SPLIT, DataType.DOUBLE)) {
            assertThat(otherSeed.data().trainX()).isNotEqualTo(otherType.data().trainX().castTo(DataType.FLOAT));
        }
        assertThat(loads).hasValue(3);
    }

    @Test
    void jobsRunningAtOnceNeverShareArraysAndBothCopiesAreKept() {
        PreparedDataCache cache = cache(1 << 20);
        PreparedDataCache.Lease one = cache.take(SPLIT, DataType.FLOAT);
        PreparedDataCache.Lease other = cache.take(SPLIT, DataType.FLOAT);
        assertThat(other.data()).isNotSameAs(one.data());
        assertThat(other.data().trainX()).isNotSameAs(one.data().trainX());
        one.close();
        other.close();
        assertThat(cache.keptBytes()).isEqualTo(2 * IRIS_BYTES);
    }

    @Test
    void whatIsKeptIsBoundedTheLeastRecentlyGivenBackFreedFirst() {
        PreparedDataCache cache = cache(IRIS_BYTES);
        PreparedDataCache.Lease one = cache.take(SPLIT, DataType.FLOAT);
        PreparedDataCache.Lease other = cache.take(SPLIT, DataType.FLOAT);
        one.close();
        other.close();
        assertThat(cache.keptBytes()).isEqualTo(IRIS_BYTES);
        assertThat(one.data().trainX().wasClosed()).isTrue();
        assertThat(other.data().trainX().wasClosed()).isFalse();

        PreparedDataCache.Lease tooLarge = cache(IRIS_BYTES - 1).take(SPLIT, DataType.FLOAT);
        tooLarge.close();
        assertThat(tooLarge.data().trainX().wasClosed()).isTrue();
    }

    @Test
    void dataNoJobTookForTheIdleTimeoutIsFreed() {
        PreparedDataCache cache = cache(1 << 20);
        PreparedDataCache.Lease lease = cache.take(SPLIT, DataType.FLOAT);
        lease.close();
        now = now.plusSeconds(60);
        cache.freeUnused();
        assertThat(cache.keptBytes()).isEqualTo(IRIS_BYTES);
        now = now.plusSeconds(61);
        cache.freeUnused();
        assertThat(cache.keptBytes()).isZero();
        assertThat(lease.data().trainX().wasClosed()).isTrue();
    }

    @Test
    void aDeletedDatasetsDataIsFreedAtOnceWhenKeptAndWhenGivenBackWhenLent() {
        PreparedDataCache cache = cache(1 << 20);
        PreparedDataCache.Lease kept = cache.take(SPLIT, DataType.FLOAT);
        PreparedDataCache.Lease lent = cache.take(SPLIT, DataType.FLOAT);
        kept.close();
        cache.deleted(new DatasetDeleted("iris"));
        assertThat(kept.data().trainX().wasClosed()).isTrue();
        assertThat(lent.data().trainX().wasClosed()).as("still the job's").isFalse();
        lent.close();
        assertThat(lent.data().trainX().wasClosed()).isTrue();
        assertThat(cache.keptBytes()).isZero();
        cache.take(SPLIT, DataType.FLOAT).close();
        assertThat(loads).hasValue(3);
    }
}
