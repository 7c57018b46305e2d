package io.liliflora.catalog;

import io.liliflora.platform.ServiceIdentity;
import jakarta.annotation.Resource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import javax.sql.DataSource;

/** What the shared plumbing needs to know of this WAR: its name and its own schema. */
@ApplicationScoped
public class CatalogWiring {

    @Produces
    static final ServiceIdentity SERVICE = new ServiceIdentity("catalog");

    @Produces
    @Resource(lookup = "jdbc/liliflora/catalog")
    DataSource dataSource;
}
