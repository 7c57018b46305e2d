package io.liliflora.order;

/** A call to the catalog's stock ledger that follows an order's status step. */
public enum StockAction {
    NONE, CONFIRM, RELEASE, RESTOCK
}
