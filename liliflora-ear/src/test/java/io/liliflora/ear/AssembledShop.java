package io.liliflora.ear;

import io.liliflora.testkit.Http;
import io.liliflora.testkit.Shop;
import java.io.File;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.ShrinkWrap;
import org.jboss.shrinkwrap.api.spec.EnterpriseArchive;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Tests of the assembled EAR as shoppers and an admin use it: the EAR as built, deployed to the
 * test server, and a {@link Shop} (real accounts over real SMTP, real products) around each class.
 */
@ExtendWith(ArquillianExtension.class)
public abstract class AssembledShop {

    protected static Shop shop;

    @Deployment(testable = false)
    static EnterpriseArchive deployment() {
        return ShrinkWrap.createFromZipFile(EnterpriseArchive.class, new File("target/liliflora.ear"));
    }

    @BeforeAll
    static void openShop() {
        CatalogLink.shared();
        shop = new Shop(Http.testServer());
    }

    @AfterAll
    static void closeShop() {
        shop.close();
    }
}
