package dev.descent.security;

import io.swagger.v3.oas.annotations.media.Schema;

import java.time.Instant;
import java.util.UUID;

/** An issued key as listed: everything but the secret, which is shown once, when the key is issued. */
public record ApiKeyInfo(
        UUID id,
        @Schema(description = "The user the key acts for; records created with it belong to this user", example = "alice")
        String user,
        @Schema(description = "Whether the key administers the server (sees all records, issues keys)")
        boolean admin,
        @Schema(description = "The key's first characters, to tell keys apart", example = "dsk_Xq3f")
        String prefix,
        Instant createdAt,
        @Schema(description = "When the key was revoked; null while it is valid")
        Instant revokedAt) {
}
