package io.liliflora.user.account;

/** Token groups; ADMIN runs the catalog, USER shops. */
public enum Role {
    USER, ADMIN
}
