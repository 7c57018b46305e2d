package io.liliflora.order;

import io.liliflora.platform.ServiceIdentity;
import jakarta.annotation.Resource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import javax.sql.DataSource;

/** What the shared plumbing needs to know of this WAR: its name and its own schema. */
@ApplicationScoped
public class OrderWiring {

    @Produces
    static final ServiceIdentity SERVICE = new ServiceIdentity("order");

    @Produces
    @Resource(lookup = "jdbc/liliflora/order")
    DataSource dataSource;
}
