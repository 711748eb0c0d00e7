package dev.descent.security;

import dev.descent.error.ForbiddenException;
import dev.descent.error.InvalidFieldException;
import dev.descent.error.NotFoundException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * Issues, lists, revokes and checks API keys. A key is 256 random bits, so a plain SHA-256 of it is as hard to
 * reverse as the key is to guess: no salt or slow hash is needed, and the hash can be looked up by index.
 */
@Service
public class ApiKeyService {

    private static final Logger log = LoggerFactory.getLogger(ApiKeyService.class);
    private static final String KEY_MARK = "dsk_";

    private final ApiKeyRepository keys;
    private final SecureRandom random = new SecureRandom();
    private final byte[] bootstrapHash;
    private final Clock clock;

    public ApiKeyService(ApiKeyRepository keys, SecurityProperties properties, Clock clock) {
        this.keys = keys;
        this.clock = clock;
        this.bootstrapHash = properties.hasAdminKey() ? sha256(properties.adminKey()).getBytes(StandardCharsets.US_ASCII)
                : null;
    }

    /** Who the key acts for; empty for an unknown or revoked key. */
    @Transactional(readOnly = true)
    public Optional<Caller> authenticate(String key) {
        String hash = sha256(key);
        if (bootstrapHash != null && MessageDigest.isEqual(bootstrapHash, hash.getBytes(StandardCharsets.US_ASCII))) {
            return Optional.of(Caller.BOOTSTRAP);
        }
        return keys.findByKeyHash(hash).filter(k -> !k.isRevoked()).map(ApiKey::caller)
                .filter(ApiKeyService::notImpersonating);
    }

    /**
     * A non-admin key issued for a reserved name before such names were refused would act for the bootstrap key's or
     * open mode's records: it is refused as if revoked. An admin key sees every record anyway, so it keeps working.
     */
    private static boolean notImpersonating(Caller caller) {
        if (caller.admin() || !Caller.isReserved(caller.user())) {
            return true;
        }
        log.warn("a non-admin API key of the reserved user '{}' was refused; revoke it and issue one for another name",
                caller.user());
        return false;
    }

    @Transactional
    public IssuedKey issue(Caller caller, String user, boolean admin) {
        requireAdmin(caller);
        if (Caller.isReserved(user)) {
            throw new InvalidFieldException("user", "'" + user + "' is reserved (in any letter case): records of '"
                    + Caller.BOOTSTRAP.user() + "' belong to the bootstrap key and those of '" + Caller.LOCAL.user()
                    + "' to open mode; choose another name");
        }
        byte[] secret = new byte[32];
        random.nextBytes(secret);
        String key = KEY_MARK + Base64.getUrlEncoder().withoutPadding().encodeToString(secret);
        ApiKey issued = keys.save(new ApiKey(UUID.randomUUID(), user, admin, sha256(key),
                key.substring(0, KEY_MARK.length() + 4), clock.instant()));
        log.info("API key {} issued for user {}{} by {}", issued.info().id(), user, admin ? " (admin)" : "", caller.user());
        return new IssuedKey(issued.info(), key);
    }

    @Transactional(readOnly = true)
    public List<ApiKeyInfo> list(Caller caller) {
        requireAdmin(caller);
        return keys.findAllByOrderByCreatedAtAsc().stream().map(ApiKey::info).toList();
    }

    /** A revoked key stops working at once; revoking it again changes nothing. */
    @Transactional
    public ApiKeyInfo revoke(Caller caller, UUID id) {
        requireAdmin(caller);
        ApiKey key = keys.findById(id).orElseThrow(() -> new NotFoundException("API key", id));
        if (!key.isRevoked()) {
            key.revoke(clock.instant());
            log.info("API key {} of user {} revoked by {}", id, key.info().user(), caller.user());
        }
        return key.info();
    }

    private static void requireAdmin(Caller caller) {
        if (!caller.admin()) {
            throw new ForbiddenException("only admins manage API keys; " + caller.user() + " is not one");
        }
    }

    private static String sha256(String key) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform has SHA-256", e);
        }
    }
}
