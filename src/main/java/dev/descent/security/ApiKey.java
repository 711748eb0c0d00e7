package dev.descent.security;

import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.Instant;
import java.util.UUID;

/** An issued key: only its SHA-256 hash is kept, and a short prefix that lets people tell their keys apart. */
@Entity
@Table(name = "api_keys")
class ApiKey {

    @Id
    private UUID id;
    private String userName;
    private boolean admin;
    private String keyHash;
    private String keyPrefix;
    private Instant createdAt;
    private Instant revokedAt;

    protected ApiKey() {
    }

    ApiKey(UUID id, String userName, boolean admin, String keyHash, String keyPrefix, Instant createdAt) {
        this.id = id;
        this.userName = userName;
        this.admin = admin;
        this.keyHash = keyHash;
        this.keyPrefix = keyPrefix;
        this.createdAt = createdAt;
    }

    Caller caller() {
        return new Caller(userName, admin);
    }

    boolean isRevoked() {
        return revokedAt != null;
    }

    void revoke(Instant at) {
        revokedAt = at;
    }

    ApiKeyInfo info() {
        return new ApiKeyInfo(id, userName, admin, keyPrefix, createdAt, revokedAt);
    }
}
