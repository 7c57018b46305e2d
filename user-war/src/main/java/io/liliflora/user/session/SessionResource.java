package io.liliflora.user.session;

import io.liliflora.user.account.Emails;
import jakarta.annotation.security.RolesAllowed;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.SecurityContext;
import java.time.Instant;
import org.eclipse.microprofile.jwt.JsonWebToken;

@Path("/")
@RequestScoped
@Produces(MediaType.APPLICATION_JSON)
public class SessionResource {

    @Inject
    Sessions sessions;

    @Context
    SecurityContext security;

    @Context
    HttpServletRequest http;

    public static class Credentials {
        @NotBlank
        @Size(max = 254)
        private String email;
        @NotNull
        @Size(max = 1024)
        private String password;

        public String getEmail() { return email; }
        public void setEmail(String email) { this.email = Emails.normalise(email); }
        public String getPassword() { return password; }
        public void setPassword(String password) { this.password = password; }
    }

    public static class Refresh {
        @NotBlank
        @Size(max = 256)
        private String refreshToken;

        public String getRefreshToken() { return refreshToken; }
        public void setRefreshToken(String refreshToken) { this.refreshToken = refreshToken; }
    }

    @POST
    @Path("login")
    @Consumes(MediaType.APPLICATION_JSON)
    public TokenPair login(@Valid @NotNull Credentials body) {
        // The direct peer: a forwarded-for header is the client's to forge.
        return sessions.login(body.getEmail(), body.getPassword(), http.getRemoteAddr());
    }

    @POST
    @Path("token")
    @Consumes(MediaType.APPLICATION_JSON)
    public TokenPair refresh(@Valid @NotNull Refresh body) {
        return sessions.refresh(body.getRefreshToken());
    }

    @POST
    @Path("logout")
    @RolesAllowed({"USER", "ADMIN"})
    public Response logout() {
        // Not an injected JsonWebToken: login and refresh run without one.
        JsonWebToken caller = (JsonWebToken) security.getUserPrincipal();
        sessions.logout(caller.getSubject(), caller.getTokenID(), Instant.ofEpochSecond(caller.getExpirationTime()));
        return Response.noContent().build();
    }
}
