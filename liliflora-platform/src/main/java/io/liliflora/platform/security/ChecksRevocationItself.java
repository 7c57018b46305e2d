package io.liliflora.platform.security;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a resource method that checks the caller's token against the revocation keys itself,
 * inside a larger Redis script it runs anyway ({@link TokenRevocations#revokedKey},
 * {@link TokenRevocations#validAfterKey}): {@link TokenRevocationFilter} then skips its own MGET.
 * A method carrying it must refuse a revoked token with 401 before doing anything else.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
public @interface ChecksRevocationItself {
}
