package io.liliflora.ear.attack;

import io.liliflora.testkit.TestDatabase;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Everything a user has at rest, read raw from every schema (account row, orders with their
 * lines and timeline, wishlist, stock reservations): two footprints taken around an attack are
 * equal exactly when the attack wrote nothing of that user's.
 */
record Footprint(String user, String rows) {

    static Footprint of(String user) {
        StringBuilder all = new StringBuilder();
        if (user.chars().allMatch(Character::isDigit)) {
            add(all, TestDatabase.rows("user", "SELECT * FROM app_user WHERE id = ?", Long.parseLong(user)));
        }
        add(all, TestDatabase.rows("order", "SELECT * FROM orders WHERE user_id = ? ORDER BY id", user));
        add(all, TestDatabase.rows("order", "SELECT i.* FROM order_item i JOIN orders o ON o.id = i.order_id "
                + "WHERE o.user_id = ? ORDER BY i.order_id, i.line_no", user));
        add(all, TestDatabase.rows("order", "SELECT t.* FROM order_timeline t JOIN orders o ON o.id = t.order_id "
                + "WHERE o.user_id = ? ORDER BY t.order_id, t.seq", user));
        add(all, TestDatabase.rows("order", "SELECT * FROM wishlist_item WHERE user_id = ? ORDER BY product_id", user));
        add(all, TestDatabase.rows("catalog", "SELECT order_id, user_id, state, items, created_at, updated_at FROM reservation"
                + " WHERE user_id = ? ORDER BY order_id", user));
        return new Footprint(user, all.toString());
    }

    private static void add(StringBuilder all, List<Map<String, Object>> rows) {
        for (Map<String, Object> row : rows) {
            all.append(row.entrySet().stream()
                    .map(e -> e.getKey() + "=" + (e.getValue() instanceof byte[] b ? HexFormat.of().formatHex(b) : e.getValue()))
                    .collect(Collectors.joining(", ", "{", "}\n")));
        }
        all.append("--\n");
    }
}
