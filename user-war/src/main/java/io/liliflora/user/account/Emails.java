package io.liliflora.user.account;

import java.util.Locale;

/** Emails are compared trimmed and lower-cased everywhere. */
public final class Emails {

    private Emails() {
    }

    public static String normalise(String email) {
        return email == null ? null : email.trim().toLowerCase(Locale.ROOT);
    }
}
