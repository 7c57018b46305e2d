package io.liliflora.user.account;

import io.liliflora.user.session.Sessions;
import jakarta.annotation.security.RolesAllowed;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.jwt.JsonWebToken;

/** The caller's own account; the id always comes from the verified token, never from the request. */
@Path("me")
@RequestScoped
@RolesAllowed({"USER", "ADMIN"})
@Produces(MediaType.APPLICATION_JSON)
public class ProfileResource {

    @Inject
    JsonWebToken caller;

    @Inject
    Accounts accounts;

    @Inject
    Sessions sessions;

    @Context
    HttpServletRequest http;

    public static class ProfileChange {
        @Size(max = 100)
        @Pattern(regexp = "(?s).*\\S.*", message = "must not be blank")
        private String name;
        @PhoneNumber
        private String phone;
        @Size(max = 300)
        @Pattern(regexp = "(?s).*\\S.*", message = "must not be blank")
        private String address;

        public String getName() { return name; }
        public void setName(String name) { this.name = name == null ? null : name.trim(); }
        public String getPhone() { return phone; }
        public void setPhone(String phone) { this.phone = phone == null ? null : phone.trim(); }
        public String getAddress() { return address; }
        public void setAddress(String address) { this.address = address == null ? null : address.trim(); }
    }

    public static class PasswordChange {
        @NotNull
        @Size(max = 1024)
        private String currentPassword;
        @PasswordRule
        private String newPassword;

        public String getCurrentPassword() { return currentPassword; }
        public void setCurrentPassword(String currentPassword) { this.currentPassword = currentPassword; }
        public String getNewPassword() { return newPassword; }
        public void setNewPassword(String newPassword) { this.newPassword = newPassword; }
    }

    @GET
    public Profile me() {
        return accounts.profile(userId());
    }

    @PATCH
    @Consumes(MediaType.APPLICATION_JSON)
    public Profile change(@Valid @NotNull ProfileChange body) {
        return accounts.changeDetails(userId(), body.getName(), body.getPhone(), body.getAddress());
    }

    /** 204; every token issued before is refused from now on, in every WAR. */
    @PUT
    @Consumes(MediaType.APPLICATION_JSON)
    @Path("password")
    public Response changePassword(@Valid @NotNull PasswordChange body) {
        sessions.changePassword(userId(), body.getCurrentPassword(), body.getNewPassword(), http.getRemoteAddr());
        return Response.noContent().build();
    }

    private long userId() {
        return Long.parseLong(caller.getSubject());
    }
}
