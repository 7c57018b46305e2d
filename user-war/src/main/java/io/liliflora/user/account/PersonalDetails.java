package io.liliflora.user.account;

/** A user's personal data in the clear; only ever in memory. */
public record PersonalDetails(String email, String name, String phone, String address) {
}
