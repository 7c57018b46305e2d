package io.liliflora.order.wishlist;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.IdClass;
import jakarta.persistence.Table;
import java.io.Serializable;
import java.time.Instant;
import java.util.Objects;

/** One product a user keeps on the wishlist, with the quantity they want. */
@Entity
@Table(name = "wishlist_item")
@IdClass(WishlistItem.Key.class)
public class WishlistItem {

    @Id
    @Column(name = "user_id")
    private String userId;
    @Id
    @Column(name = "product_id")
    private long productId;
    private int quantity;
    @Column(name = "added_at")
    private Instant addedAt;

    protected WishlistItem() {
    }

    public WishlistItem(String userId, long productId, int quantity, Instant addedAt) {
        this.userId = userId;
        this.productId = productId;
        this.quantity = quantity;
        this.addedAt = addedAt;
    }

    public void quantity(int quantity) {
        this.quantity = quantity;
    }

    public String userId() { return userId; }
    public long productId() { return productId; }
    public int quantity() { return quantity; }
    public Instant addedAt() { return addedAt; }

    public static class Key implements Serializable {
        public String userId;
        public long productId;

        public Key() {
        }

        public Key(String userId, long productId) {
            this.userId = userId;
            this.productId = productId;
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Key k && k.productId == productId && Objects.equals(k.userId, userId);
        }

        @Override
        public int hashCode() {
            return Objects.hash(userId, productId);
        }
    }
}
