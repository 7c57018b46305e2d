package io.liliflora.order;

/**
 * What a per-order timer of the builds before second buckets carries: which order should go from
 * which status to which. No timer of this kind is created any more; the ones still stored are
 * decoded and applied when they fire ({@link OrderTimers#due}). Timers of today carry a
 * {@link StepBucket}.
 */
public record StepDue(String orderId, OrderStatus from, OrderStatus to) {

    public String encode() {
        return from + ">" + to + ":" + orderId;
    }

    public static StepDue decode(String info) {
        int colon = info.indexOf(':');
        int arrow = info.indexOf('>');
        if (colon < 0 || arrow < 0 || arrow > colon) {
            throw new IllegalArgumentException("Not a step: " + info);
        }
        return new StepDue(info.substring(colon + 1),
                OrderStatus.valueOf(info.substring(0, arrow)),
                OrderStatus.valueOf(info.substring(arrow + 1, colon)));
    }
}
