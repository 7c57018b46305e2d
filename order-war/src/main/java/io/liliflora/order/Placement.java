package io.liliflora.order;

import io.liliflora.order.idempotency.IdempotentRequests;
import java.util.Collection;
import java.util.List;

/**
 * One shopper's request for an order, admitted and waiting for its batch: who, what, which
 * wishlist lines it empties once placed, and the Idempotency-Key claim its answer settles.
 */
public record Placement(String userId, List<OrderRequest.Line> lines, Collection<Long> wishlistProducts,
                        IdempotentRequests.Claim claim) {
}
