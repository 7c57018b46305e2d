package io.liliflora.user;

import io.liliflora.platform.ServiceIdentity;
import jakarta.annotation.Resource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import javax.sql.DataSource;

/** What the shared plumbing needs to know of this WAR: its name and its own schema. */
@ApplicationScoped
public class UserWiring {

    @Produces
    static final ServiceIdentity SERVICE = new ServiceIdentity("user");

    @Produces
    @Resource(lookup = "jdbc/liliflora/user")
    DataSource dataSource;
}
