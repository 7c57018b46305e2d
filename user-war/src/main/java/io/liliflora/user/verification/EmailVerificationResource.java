package io.liliflora.user.verification;

import io.liliflora.user.account.EmailAddress;
import io.liliflora.user.account.Emails;
import jakarta.inject.Inject;
import jakarta.json.bind.annotation.JsonbPropertyOrder;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

@Path("email-verifications")
@Consumes(MediaType.APPLICATION_JSON)
@Produces(MediaType.APPLICATION_JSON)
public class EmailVerificationResource {

    @Inject
    EmailVerifications verifications;

    public static class CodeRequest {
        @EmailAddress
        private String email;

        public String getEmail() { return email; }
        public void setEmail(String email) { this.email = Emails.normalise(email); }
    }

    public static class Confirmation {
        @EmailAddress
        private String email;
        @NotNull
        @Pattern(regexp = "\\d{6}", message = "must be the 6-digit code from the mail")
        private String code;

        public String getEmail() { return email; }
        public void setEmail(String email) { this.email = Emails.normalise(email); }
        public String getCode() { return code; }
        public void setCode(String code) { this.code = code; }
    }

    /** 202: the code is on its way by mail, never in this response. */
    @POST
    public Response request(@Valid @NotNull CodeRequest body) {
        verifications.request(body.getEmail());
        return Response.accepted().build();
    }

    @JsonbPropertyOrder({"email", "verified"})
    public record Verified(String email, boolean verified) {
    }

    @POST
    @Path("confirm")
    public Verified confirm(@Valid @NotNull Confirmation body) {
        verifications.confirm(body.getEmail(), body.getCode());
        return new Verified(body.getEmail(), true);
    }
}
