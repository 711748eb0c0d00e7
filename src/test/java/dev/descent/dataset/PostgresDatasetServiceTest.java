package dev.descent.dataset;

import dev.descent.TestPostgres;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** {@link DatasetServiceTest} on a real PostgreSQL: migration V8 and the stored form in a bytea column. */
class PostgresDatasetServiceTest extends DatasetServiceTest {

    @DynamicPropertySource
    static void postgres(DynamicPropertyRegistry registry) {
        String url = TestPostgres.newDatabase("datasets");
        registry.add("spring.datasource.url", () -> url);
        registry.add("spring.datasource.username", () -> TestPostgres.USER);
        registry.add("spring.datasource.password", () -> "");
    }
}
