package io.liliflora.user.account;

import jakarta.json.bind.annotation.JsonbPropertyOrder;
import java.time.Instant;

/** What a user sees of their own account. */
@JsonbPropertyOrder({"id", "email", "name", "phone", "address", "role", "createdAt"})
public record Profile(long id, String email, String name, String phone, String address, Role role, Instant createdAt) {

    static Profile of(User user, PersonalDetails details) {
        return new Profile(user.id(), details.email(), details.name(), details.phone(), details.address(),
                user.role(), user.createdAt());
    }
}
