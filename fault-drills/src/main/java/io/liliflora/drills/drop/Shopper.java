package io.liliflora.drills.drop;

import io.liliflora.testkit.Http;

/** A real account (signed up through user-war) and a token for it signed with the server's dev key. */
public record Shopper(String id, Http http) {
}
