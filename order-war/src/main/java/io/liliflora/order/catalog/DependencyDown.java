package io.liliflora.order.catalog;

/** A dependency answered in a way that says nothing about the request: retry or give up. */
public class DependencyDown extends RuntimeException {

    public DependencyDown(String message) {
        super(message, null, false, false);
    }
}
