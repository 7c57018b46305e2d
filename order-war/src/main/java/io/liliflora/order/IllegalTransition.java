package io.liliflora.order;

import io.liliflora.platform.problem.ProblemException;

/** A step the status machine does not allow from the order's current status. */
public final class IllegalTransition {

    private IllegalTransition() {
    }

    static ProblemException of(String kind, OrderStatus from, OrderStatus to) {
        return ProblemException.conflict(kind, "The order is " + from + " and cannot become " + to);
    }
}
