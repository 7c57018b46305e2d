package io.liliflora.user.account;

import io.liliflora.platform.problem.ProblemException;
import io.liliflora.user.verification.EmailVerifications;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;

@Path("signup")
@RequestScoped
@Consumes(MediaType.APPLICATION_JSON)
@Produces(MediaType.APPLICATION_JSON)
public class SignupResource {

    @Inject
    Users users;

    @Inject
    Accounts accounts;

    @Inject
    PasswordHasher hasher;

    @Inject
    EmailVerifications verifications;

    /** Unknown members (role, id, ...) are ignored: a client never chooses them. */
    public static class SignupRequest {
        @EmailAddress
        private String email;
        @PasswordRule
        private String password;
        @NotNull
        @Size(max = 100)
        @Pattern(regexp = "(?s).*\\S.*", message = "must not be blank")
        private String name;
        @NotNull
        @PhoneNumber
        private String phone;
        @NotNull
        @Size(max = 300)
        @Pattern(regexp = "(?s).*\\S.*", message = "must not be blank")
        private String address;

        public String getEmail() { return email; }
        public void setEmail(String email) { this.email = Emails.normalise(email); }
        public String getPassword() { return password; }
        public void setPassword(String password) { this.password = password; }
        public String getName() { return name; }
        public void setName(String name) { this.name = name == null ? null : name.trim(); }
        public String getPhone() { return phone; }
        public void setPhone(String phone) { this.phone = phone == null ? null : phone.trim(); }
        public String getAddress() { return address; }
        public void setAddress(String address) { this.address = address == null ? null : address.trim(); }
    }

    @Context
    UriInfo uri;

    @POST
    public Response signUp(@Valid @NotNull SignupRequest body) {
        String email = body.getEmail();
        if (users.existsByEmail(email)) {
            throw Accounts.duplicate();
        }
        if (!verifications.isVerified(email)) {
            // A twin request may have just registered and consumed the mark.
            if (users.existsByEmail(email)) {
                throw Accounts.duplicate();
            }
            throw ProblemException.forbidden("Verify this email first (POST /user/email-verifications); "
                    + "a verification is good for 30 minutes");
        }
        Profile profile = accounts.register(new PersonalDetails(email, body.getName(), body.getPhone(), body.getAddress()),
                hasher.hash(body.getPassword()), Role.USER);
        verifications.consume(email);
        return Response.created(uri.getBaseUriBuilder().path("me").build()).entity(profile).build();
    }
}
