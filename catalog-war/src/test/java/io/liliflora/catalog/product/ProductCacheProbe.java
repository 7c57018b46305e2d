package io.liliflora.catalog.product;

import jakarta.annotation.security.PermitAll;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

/**
 * Test deployments only ({@link ProductCacheIT} adds it to the WAR): the product cache's figures
 * and the SQL connections the catalog borrowed, read from the running server.
 */
@Path("test/product-cache")
@ApplicationScoped
@Produces(MediaType.APPLICATION_JSON)
public class ProductCacheProbe {

    @Inject
    ProductCatalog catalog;

    @GET
    @PermitAll
    public ProductCatalog.CacheFigures figures() {
        return catalog.cacheFigures();
    }
}
