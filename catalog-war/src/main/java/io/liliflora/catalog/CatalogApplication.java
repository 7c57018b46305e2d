package io.liliflora.catalog;

import jakarta.annotation.security.DeclareRoles;
import jakarta.ws.rs.ApplicationPath;
import jakarta.ws.rs.core.Application;
import org.eclipse.microprofile.auth.LoginConfig;
import org.eclipse.microprofile.openapi.annotations.OpenAPIDefinition;
import org.eclipse.microprofile.openapi.annotations.info.Info;

/** The catalog service: this WAR verifies every token itself (MP JWT), whatever sits in front. */
@ApplicationPath("/")
@LoginConfig(authMethod = "MP-JWT", realmName = "liliflora")
@DeclareRoles({"USER", "ADMIN", "SERVICE"})
@OpenAPIDefinition(info = @Info(title = "Liliflora catalog service", version = "1.0"))
public class CatalogApplication extends Application {
}
