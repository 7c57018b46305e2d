package io.liliflora.ear.attack;

/** Who may call a route, as SPEC.md and docs/internal-api.md say. */
public enum Access {
    /** No token needed. */
    ANYONE,
    /** Any signed-in account (USER or ADMIN), on its own data only. */
    SIGNED_IN,
    /** The USER role, on its own data only. */
    SHOPPER,
    /** The ADMIN role. */
    ADMIN,
    /** Service tokens only (the internal APIs between WARs). */
    SERVICE
}
