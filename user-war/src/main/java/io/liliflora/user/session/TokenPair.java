package io.liliflora.user.session;

import jakarta.json.bind.annotation.JsonbPropertyOrder;

/** The answer of login and refresh. */
@JsonbPropertyOrder({"tokenType", "accessToken", "expiresIn", "refreshToken"})
public record TokenPair(String tokenType, String accessToken, long expiresIn, String refreshToken) {
}
