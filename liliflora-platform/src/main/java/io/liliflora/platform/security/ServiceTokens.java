package io.liliflora.platform.security;

import io.liliflora.platform.ServiceIdentity;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Set;

/**
 * The credential one WAR shows another on internal calls: a short-lived token of role
 * {@code SERVICE} (sub {@code service:<name>}), minted locally and reused until near expiry.
 * Internal endpoints accept only this role, so a shopper's token can never reach them.
 */
@ApplicationScoped
public class ServiceTokens {

    public static final String ROLE = "SERVICE";
    private static final Duration TTL = Duration.ofMinutes(5);
    private static final Duration RENEW_BEFORE = Duration.ofMinutes(1);

    @Inject
    TokenSigner signer;

    @Inject
    ServiceIdentity service;

    private final Clock clock = Clock.systemUTC();
    private volatile TokenSigner.Signed current;

    public String bearer() {
        TokenSigner.Signed token = current;
        if (token == null || clock.instant().isAfter(token.expiresAt().minus(RENEW_BEFORE))) {
            synchronized (this) {
                token = current;
                if (token == null || clock.instant().isAfter(token.expiresAt().minus(RENEW_BEFORE))) {
                    token = signer.sign("service:" + service.name(), Set.of(ROLE), TTL, Map.of());
                    current = token;
                }
            }
        }
        return token.token();
    }
}
