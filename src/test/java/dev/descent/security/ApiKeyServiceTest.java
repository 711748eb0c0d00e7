package dev.descent.security;

import dev.descent.error.ForbiddenException;
import dev.descent.error.InvalidFieldException;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.data.jpa.test.autoconfigure.DataJpaTest;
import org.springframework.boot.jdbc.test.autoconfigure.AutoConfigureTestDatabase;
import org.springframework.jdbc.core.JdbcTemplate;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Keys against the real schema: what is stored, what authenticates, what revocation does. */
@DataJpaTest(properties = "spring.datasource.url=jdbc:h2:mem:keys;MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH")
@AutoConfigureTestDatabase(replace = AutoConfigureTestDatabase.Replace.NONE)
class ApiKeyServiceTest {

    private static final Caller ADMIN = new Caller("root", true);
    private static final Instant NOW = Instant.parse("2026-03-01T12:00:00Z");
    private static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);

    @Autowired
    private ApiKeyRepository repository;
    @Autowired
    private JdbcTemplate jdbc;
    @Autowired
    private jakarta.persistence.EntityManager entities;

    private ApiKeyService service(String bootstrapKey) {
        return new ApiKeyService(repository, new SecurityProperties(SecurityMode.SECURED, bootstrapKey), CLOCK);
    }

    @Test
    void onlyTheHashIsStoredAndTheKeyAuthenticatesAsItsUser() {
        IssuedKey issued = service(null).issue(ADMIN, "alice", false);
        assertThat(issued.key()).startsWith("dsk_").hasSize(4 + 43);
        assertThat(issued.info().prefix()).isEqualTo(issued.key().substring(0, 8));
        assertThat(issued.info().createdAt()).isEqualTo(NOW);
        repository.flush();
        List<String> stored = jdbc.queryForList("select key_hash from api_keys", String.class);
        // SHA-256 of "dsk_…" as 64 hex digits, never the key itself
        assertThat(stored).singleElement().satisfies(hash -> assertThat(hash).matches("[0-9a-f]{64}")
                .isNotEqualTo(issued.key()));
        assertThat(jdbc.queryForObject("select count(*) from api_keys where key_hash like ?", Long.class,
                "%" + issued.key().substring(4) + "%")).isZero();
        assertThat(service(null).authenticate(issued.key())).contains(new Caller("alice", false));
        assertThat(service(null).authenticate(issued.key() + "x")).isEmpty();
    }

    @Test
    void aRevokedKeyNoLongerAuthenticates() {
        IssuedKey issued = service(null).issue(ADMIN, "bob", true);
        assertThat(service(null).authenticate(issued.key())).contains(new Caller("bob", true));
        assertThat(service(null).revoke(ADMIN, issued.info().id()).revokedAt()).isEqualTo(NOW);
        assertThat(service(null).authenticate(issued.key())).isEmpty();
    }

    @Test
    void theBootstrapKeyIsTheAdminAndOnlyAdminsManageKeys() {
        assertThat(service("s3cret-bootstrap").authenticate("s3cret-bootstrap")).contains(new Caller("admin", true));
        assertThat(service(null).authenticate("s3cret-bootstrap")).isEmpty();
        Caller alice = new Caller("alice", false);
        assertThatThrownBy(() -> service(null).issue(alice, "alice", true)).isInstanceOf(ForbiddenException.class);
        assertThatThrownBy(() -> service(null).list(alice)).isInstanceOf(ForbiddenException.class);
    }

    @Test
    void ownersAndAdminsMayAccessARecord() {
        assertThat(new Caller("alice", false).mayAccess("alice")).isTrue();
        assertThat(new Caller("alice", false).mayAccess("bob")).isFalse();
        assertThat(new Caller("root", true).mayAccess("bob")).isTrue();
        assertThat(Caller.LOCAL.admin()).isTrue();
    }

    @Test
    void reservedNamesAreRefusedInAnyCaseAndOldKeysForThemStopActingForTheirRecords() {
        for (String reserved : List.of("admin", "local", "Admin", "LOCAL", "aDmIn")) {
            assertThatThrownBy(() -> service(null).issue(ADMIN, reserved, false))
                    .isInstanceOfSatisfying(InvalidFieldException.class, e -> assertThat(e.field()).isEqualTo("user"));
        }
        // as if issued before the names were reserved
        IssuedKey old = service(null).issue(ADMIN, "alice", false);
        IssuedKey oldAdmin = service(null).issue(ADMIN, "carol", true);
        repository.flush();
        jdbc.update("update api_keys set user_name = 'admin'");
        entities.clear();
        assertThat(service(null).authenticate(old.key())).isEmpty();
        assertThat(service(null).authenticate(oldAdmin.key())).contains(new Caller("admin", true));
    }
}
