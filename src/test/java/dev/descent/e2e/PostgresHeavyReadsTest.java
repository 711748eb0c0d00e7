package dev.descent.e2e;

import dev.descent.TestPostgres;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** {@link HeavyReadsTest} on a real PostgreSQL: both pools on one server, a stalled export holding none of them. */
class PostgresHeavyReadsTest extends HeavyReadsTest {

    @DynamicPropertySource
    static void postgres(DynamicPropertyRegistry registry) {
        String url = TestPostgres.newDatabase("reads");
        registry.add("spring.datasource.url", () -> url);
        registry.add("spring.datasource.username", () -> TestPostgres.USER);
        registry.add("spring.datasource.password", () -> "");
    }

    @Override
    String numbers() {
        return "generate_series(?::int, ?::int) as n";
    }
}
