package io.liliflora.user.crypto;

import io.liliflora.platform.crypto.KeyRingFile;
import io.liliflora.platform.crypto.PersonalDataCipher;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;

/**
 * The user service's keys from the shared key ring: the PII cipher (produced by the platform)
 * plus its own HMAC keys, {@code blind-index} for the email lookup column and {@code code-mac}
 * for verification codes in Redis. Loaded at start so a broken ring stops the deploy, not a
 * shopper's first request.
 */
@ApplicationScoped
public class UserKeys {

    static final String BLIND_INDEX = "blind-index";
    static final String CODE_MAC = "code-mac";

    @Inject
    KeyRingFile keyRing;

    @Inject
    PersonalDataCipher cipher;

    void onStart(@Observes @Priority(0) @Initialized(ApplicationScoped.class) Object ignored) {
        macs();
        cipher.activeKeyId();
    }

    @Produces
    @Singleton
    Macs macs() {
        return new Macs(keyRing.load(BLIND_INDEX, CODE_MAC));
    }
}
