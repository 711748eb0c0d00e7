package dev.descent.security;

import io.swagger.v3.oas.annotations.media.Schema;

/** A new key with its secret: the only time the secret leaves the server. */
public record IssuedKey(
        ApiKeyInfo info,
        @Schema(description = "The secret: send it as `Authorization: Bearer <key>` or `X-API-Key: <key>`. It is "
                + "stored hashed and cannot be shown again.", example = "dsk_Xq3fN0c5l9m1yQ2wR8tV4bZ7hK6jD3sA1eG5uP0oI2c")
        String key) {
}
