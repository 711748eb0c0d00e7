package dev.descent.history;

import dev.descent.TestPostgres;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** {@link HistoryServiceTest}'s batched writes, truncation and curves on a real PostgreSQL. */
class PostgresHistoryServiceTest extends HistoryServiceTest {

    @DynamicPropertySource
    static void postgres(DynamicPropertyRegistry registry) {
        String url = TestPostgres.newDatabase("history");
        registry.add("spring.datasource.url", () -> url);
        registry.add("spring.datasource.username", () -> TestPostgres.USER);
        registry.add("spring.datasource.password", () -> "");
    }

    /**
     * PostgreSQL ships the million rows to the server over the wire (about 2 s here, against 0.1 s from the embedded
     * H2), and LTTB reads them twice (4.5 s and 6 s measured on the shared 2-core machine under load).
     */
    @Override
    long curveTimeLimitMillis() {
        return 12000;
    }
}
