package io.liliflora.split;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.liliflora.testkit.Shop;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;

/**
 * Tests of the split-mode shop through its gateway, a {@link Shop} around each class. After every
 * test the ledger of every product it touched is conserved: available + reserved + sold = total.
 */
abstract class SplitShop {

    static Shop shop;

    @BeforeAll
    static void openShop() {
        shop = new Shop(SplitMode.gateway());
    }

    @AfterAll
    static void closeShop() {
        shop.close();
    }

    @AfterEach
    void ledgerIsConserved() {
        for (long product : shop.products) {
            Shop.Ledger ledger = shop.ledger(product);
            assertTrue(ledger.conserved(), () -> "ledger of " + product + ": " + ledger);
        }
        shop.products.clear();
    }
}
