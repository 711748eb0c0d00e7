package dev.descent.security;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * @param mode     open (no keys, the default for local use) or secured
 * @param adminKey a bootstrap admin key from configuration, so a fresh secured server can issue the first keys
 */
@ConfigurationProperties("descent.security")
public record SecurityProperties(@DefaultValue("open") SecurityMode mode, String adminKey) {

    public boolean hasAdminKey() {
        return adminKey != null && !adminKey.isBlank();
    }
}
