package io.liliflora.order.wishlist;

import io.liliflora.platform.problem.ProblemException;
import io.liliflora.platform.problem.RefusableWork;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.transaction.Transactional;
import java.time.Clock;
import java.util.List;

/** A user's wishlist rows; always addressed by the owner's id, so no one reaches another's list. */
@ApplicationScoped
public class Wishlist {

    @PersistenceContext(unitName = "order")
    EntityManager em;

    @Inject
    RefusableWork work;

    private final Clock clock = Clock.systemUTC();

    @Transactional(Transactional.TxType.SUPPORTS)
    public List<WishlistItem> of(String userId) {
        return em.createQuery("SELECT w FROM WishlistItem w WHERE w.userId = :user ORDER BY w.addedAt, w.productId",
                WishlistItem.class).setParameter("user", userId).getResultList();
    }

    /** Sets the quantity, adding the item if absent; one statement, so two racing PUTs both land. */
    @Transactional
    public void put(String userId, long productId, int quantity) {
        em.createNativeQuery("INSERT INTO wishlist_item (user_id, product_id, quantity, added_at) VALUES (?, ?, ?, ?)"
                        + " ON DUPLICATE KEY UPDATE quantity = VALUES(quantity)")
                .setParameter(1, userId).setParameter(2, productId).setParameter(3, quantity)
                .setParameter(4, java.sql.Timestamp.from(clock.instant()))
                .executeUpdate();
    }

    /** A product not on the list is a 404, thrown after the transaction (see {@link RefusableWork}). */
    public void remove(String userId, long productId) {
        work.inTransaction(() -> {
            WishlistItem item = em.find(WishlistItem.class, new WishlistItem.Key(userId, productId));
            if (item == null) {
                throw ProblemException.notFound("That product is not on your wishlist");
            }
            em.remove(item);
            return null;
        }).get();
    }
}
