package io.liliflora.platform.security;

import io.liliflora.platform.problem.Problem;
import io.liliflora.platform.problem.ProblemResponses;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.container.ResourceInfo;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.ext.Provider;
import java.security.Principal;
import java.time.Duration;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.eclipse.microprofile.jwt.JsonWebToken;

/**
 * Every WAR bundles this jar, so every WAR refuses a token that user-war revoked (logout,
 * refresh-token reuse) or that predates the user's password change, even though its signature
 * and expiry are fine. Runs after MP JWT authenticated the caller and before role checks.
 * Service tokens are minted per WAR, short-lived and never revoked: they skip the round trip.
 * Redis down means we cannot tell: refuse with 503 rather than let a revoked token through.
 */
@Provider
@ApplicationScoped
@Priority(Priorities.AUTHENTICATION + 10)
public class TokenRevocationFilter implements ContainerRequestFilter {

    private static final Logger LOG = Logger.getLogger(TokenRevocationFilter.class.getName());

    @Inject
    TokenRevocations revocations;

    @Context
    ResourceInfo resource;

    @Override
    public void filter(ContainerRequestContext request) {
        Principal principal = request.getSecurityContext() == null ? null
                : request.getSecurityContext().getUserPrincipal();
        if (!(principal instanceof JsonWebToken jwt)) {
            return;
        }
        if (jwt.getGroups() != null && jwt.getGroups().contains(ServiceTokens.ROLE)) {
            return;
        }
        if (resource.getResourceMethod() != null && resource.getResourceMethod().isAnnotationPresent(ChecksRevocationItself.class)) {
            return; // checked in the resource's own Redis round trip
        }
        TokenRevocations.Refusal refusal;
        try {
            refusal = revocations.verdict(jwt.getTokenID(), jwt.getSubject(), jwt.getIssuedAtTime());
        } catch (RuntimeException redisDown) {
            LOG.log(Level.WARNING, "Cannot check token revocation: " + redisDown);
            request.abortWith(ProblemResponses.of(new Problem("service-unavailable", "Service unavailable", 503,
                    "Cannot check the token right now; try again shortly"), Duration.ofSeconds(2)));
            return;
        }
        if (refusal != null) {
            request.abortWith(ProblemResponses.of(new Problem("unauthorized", "Unauthorized", 401,
                    refusal == TokenRevocations.Refusal.REVOKED
                            ? "This token was revoked; log in again"
                            : "This token was issued before the password changed; log in again")));
        }
    }
}
