package io.liliflora.user.session;

import io.liliflora.platform.problem.ProblemException;
import io.liliflora.platform.security.TokenRevocations;
import io.liliflora.platform.security.TokenSigner;
import io.liliflora.user.account.Accounts;
import io.liliflora.user.account.PasswordHasher;
import io.liliflora.user.account.User;
import io.liliflora.user.account.Users;
import io.liliflora.user.crypto.Macs;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.logging.Logger;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Logins and what ends them. Access tokens are short-lived RS256 JWTs; refresh tokens are opaque,
 * stored hashed and rotated; revocation goes to the shared Redis keys every WAR checks.
 */
@ApplicationScoped
public class Sessions {

    private static final Logger LOG = Logger.getLogger(Sessions.class.getName());

    @Inject
    Users users;

    @Inject
    Accounts accounts;

    @Inject
    PasswordHasher hasher;

    @Inject
    Macs macs;

    @Inject
    LoginThrottle throttle;

    @Inject
    RefreshTokens refreshTokens;

    @Inject
    TokenSigner signer;

    @Inject
    TokenRevocations revocations;

    @Inject
    @ConfigProperty(name = "liliflora.token.access-ttl", defaultValue = "PT15M")
    Duration accessTtl;

    @Inject
    @ConfigProperty(name = "liliflora.token.refresh-ttl", defaultValue = "P14D")
    Duration refreshTtl;

    /** Unknown email and wrong password: the same 401, after the same Argon2 work. */
    public TokenPair login(String email, String password, String client) {
        String index = macs.emailIndexHex(email);
        throttle.checkAllowed(index, client);
        Optional<User> user = users.byEmail(email);
        boolean ok = user.isPresent() ? hasher.matches(password, user.get().passwordHash()) : matchNobody(password);
        if (!ok) {
            throttle.failed(index, client);
            throw ProblemException.unauthorized("Wrong email or password");
        }
        throttle.succeeded(index);
        return issue(user.get().id(), user.get().role().name(), UUID.randomUUID().toString());
    }

    public TokenPair refresh(String refreshToken) {
        RefreshTokens.Spending spending = refreshTokens.spend(refreshToken);
        if (spending instanceof RefreshTokens.Spent spent) {
            Optional<User> user = users.byId(spent.userId());
            if (user.isEmpty()) {
                throw ProblemException.unauthorized("This account no longer exists");
            }
            return issue(spent.userId(), user.get().role().name(), spent.familyId());
        }
        if (spending instanceof RefreshTokens.Reused reused) {
            LOG.warning("A spent refresh token was shown again; revoking login family " + reused.familyId()
                    + " of user " + reused.userId());
            revokeFamily(reused.familyId());
            throw ProblemException.unauthorized("This refresh token was already used; the login is revoked, log in again");
        }
        throw ProblemException.unauthorized("Unknown or expired refresh token");
    }

    /** Ends the login the access token belongs to: it, its refresh token and the rest of its family. */
    public void logout(String userId, String jti, Instant expiresAt) {
        revocations.revoke(userId, jti, expiresAt);
        String family = refreshTokens.familyOfAccess(jti);
        if (family != null) {
            revokeFamily(family);
        }
    }

    public void changePassword(long userId, String currentPassword, String newPassword, String client) {
        User user = users.byId(userId).orElseThrow(() -> ProblemException.unauthorized("This account no longer exists"));
        String index = "user-" + userId;
        throttle.checkAllowed(index, client);
        if (!hasher.matches(currentPassword, user.passwordHash())) {
            throttle.failed(index, client);
            throw new ProblemException(401, "wrong-password", "Unauthorized", "The current password is wrong");
        }
        accounts.changePasswordHash(userId, hasher.hash(newPassword));
        // Whole seconds like iat: everything up to and including this second is refused; new
        // logins are dated from the next second on (see TokenSigner#sign with notBefore).
        revocations.refuseIssuedBefore(Long.toString(userId), Instant.now().getEpochSecond() + 1, accessTtl);
        refreshTokens.revokeAllOf(userId);
    }

    private TokenPair issue(long userId, String role, String familyId) {
        String subject = Long.toString(userId);
        Instant notBefore = Instant.ofEpochSecond(revocations.validAfter(subject));
        TokenSigner.Signed access = signer.sign(subject, Set.of(role), accessTtl, Map.of(), notBefore);
        String refresh = refreshTokens.issue(userId, familyId, access.jti(), access.expiresAt(), Instant.now().plus(refreshTtl));
        return new TokenPair("Bearer", access.token(), accessTtl.toSeconds(), refresh);
    }

    private void revokeFamily(String familyId) {
        for (RefreshTokens.AccessGrant grant : refreshTokens.revokeFamily(familyId)) {
            revocations.revoke(Long.toString(grant.userId()), grant.jti(), grant.expiresAt());
        }
    }

    private boolean matchNobody(String password) {
        hasher.matchNobody(password);
        return false;
    }
}
