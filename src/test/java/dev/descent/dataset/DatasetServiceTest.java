package dev.descent.dataset;

import dev.descent.error.InvalidFieldException;
import dev.descent.model.Shape;
import dev.descent.security.Caller;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.data.jpa.test.autoconfigure.DataJpaTest;
import org.springframework.boot.jdbc.test.autoconfigure.AutoConfigureTestDatabase;
import org.springframework.context.annotation.Import;
import org.springframework.jdbc.core.JdbcTemplate;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.sql.Timestamp;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Uploads stored in their compact form and loaded back, on the real schema (H2 here, PostgreSQL in the subclass). */
@DataJpaTest(properties = "spring.datasource.url=jdbc:h2:mem:datasets;MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH")
@AutoConfigureTestDatabase(replace = AutoConfigureTestDatabase.Replace.NONE)
@Import({DatasetService.class, UploadQuota.class, DatasetServiceTest.NoJobs.class})
@EnableConfigurationProperties(DatasetLimits.class)
class DatasetServiceTest {

    /** No job reads any upload here: the job feature's dependants, which a slice of datasets does not hold. */
    @org.springframework.boot.test.context.TestConfiguration
    static class NoJobs {
        @org.springframework.context.annotation.Bean
        DatasetDependants dependants() {
            return datasetId -> java.util.List.of();
        }
    }

    @Autowired
    private DatasetService datasets;
    @Autowired
    private JdbcTemplate jdbc;

    @Test
    void anUploadIsStoredParsedAndLoadsAsParsed() {
        byte[] csv = "\"width\ncm\",height,kind\n1.5,-2,cat\n3,4e-1,dog\n5,6,cat\n".getBytes(StandardCharsets.UTF_8);
        DatasetInfo info = datasets.upload("pets", "kind", null, null, new ByteArrayInputStream(csv), csv.length, Caller.LOCAL);
        assertThat(info.rows()).isEqualTo(3);
        assertThat(info.classNames()).containsExactly("cat", "dog");

        Dataset loaded = datasets.load(info.id(), null);
        assertThat(loaded.featureNames()).containsExactly("width\ncm", "height");
        assertThat(loaded.x()).containsExactly(1.5f, -2f, 3f, 0.4f, 5f, 6f);
        assertThat(loaded.y()).containsExactly(0, 1, 0);
        // 4 bytes a value after a short header, and no CSV kept
        assertThat(jdbc.queryForObject("select octet_length(encoded) from uploaded_datasets where id = ?", Integer.class,
                info.id())).isBetween(4 * 9, 4 * 9 + 100);
        assertThat(jdbc.queryForObject("select count(*) from uploaded_datasets where id = ? and content is null",
                Integer.class, info.id())).isOne();
    }

    @Test
    void anUploadsImageShapeIsStoredAndLoadedAndMustHoldItsFeatures() {
        byte[] csv = "a,b,c,d,kind\n1,2,3,4,cat\n5,6,7,8,dog\n".getBytes(StandardCharsets.UTF_8);
        DatasetInfo info = datasets.upload("pets", "kind", null, Shape.image(1, 2, 2), new ByteArrayInputStream(csv),
                csv.length, Caller.LOCAL);
        assertThat(info.inputShape()).isEqualTo(Shape.image(1, 2, 2));
        assertThat(datasets.info(info.id(), Caller.LOCAL).inputShape()).isEqualTo(Shape.image(1, 2, 2));
        assertThat(datasets.load(info.id(), null).inputShape()).isEqualTo(Shape.image(1, 2, 2));
        DatasetInfo kept = datasets.storeSubset(datasets.load(info.id(), null), new int[]{1}, "the dog", Caller.LOCAL);
        assertThat(datasets.load(kept.id(), null).inputShape()).isEqualTo(Shape.image(1, 2, 2));

        assertThatThrownBy(() -> datasets.upload("pets", "kind", null, Shape.image(1, 2, 3),
                new ByteArrayInputStream(csv), csv.length, Caller.LOCAL))
                .isInstanceOf(InvalidFieldException.class).hasMessageContaining("rows hold 4 features");
        assertThat(datasets.upload("pets", "kind", null, null, new ByteArrayInputStream(csv), csv.length, Caller.LOCAL)
                .inputShape()).isEqualTo(Shape.features(4));
    }

    @Test
    void anUploadStoredAsCsvBeforeTheCompactFormIsParsedWhenLoaded() {
        jdbc.update("insert into uploaded_datasets (id, name, task, label_column, row_count, feature_count, class_names, "
                + "content, created_at, created_by) values ('old', 'old', 'REGRESSION', 'y', 2, 1, '', ?, ?, 'local')",
                "x,y\n1,0.5\n2,1.5\n".getBytes(StandardCharsets.UTF_8), Timestamp.from(Instant.now()));
        Dataset loaded = datasets.load("old", null);
        assertThat(loaded.task()).isEqualTo(Task.REGRESSION);
        assertThat(loaded.x()).containsExactly(1, 2);
        assertThat(loaded.y()).containsExactly(0.5f, 1.5f);
    }
}
