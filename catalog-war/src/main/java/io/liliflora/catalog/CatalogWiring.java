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
    // Unshareable: a shared connection stays tied to the request's local transaction until the
    // request ends, and the stock engine's callers wait for other callers' batches, which need
    // connections of their own; every handle the engine closes goes back to the pool at once.
    @Resource(lookup = "jdbc/liliflora/catalog", shareable = false)
    DataSource dataSource;
}
