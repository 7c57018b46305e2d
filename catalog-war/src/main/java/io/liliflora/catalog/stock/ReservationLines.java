package io.liliflora.catalog.stock;

import io.liliflora.catalog.stock.StockOutcome.ReservedItem;
import java.util.ArrayList;
import java.util.List;

/**
 * A reservation's lines as the one text column its hot write carries ({@code reservation.items}):
 * one line per product, {@code productId,quantity,unitPrice,name}. The name is last, so commas in
 * it need nothing; only '%', CR and LF are escaped, as in a URL.
 */
final class ReservationLines {

    private ReservationLines() {
    }

    static String encode(List<ReservedItem> items) {
        StringBuilder text = new StringBuilder(items.size() * 48);
        for (ReservedItem item : items) {
            if (!text.isEmpty()) {
                text.append('\n');
            }
            text.append(item.productId()).append(',').append(item.quantity()).append(',').append(item.unitPrice()).append(',');
            String name = item.name();
            for (int i = 0; i < name.length(); i++) {
                char ch = name.charAt(i);
                switch (ch) {
                    case '%' -> text.append("%25");
                    case '\n' -> text.append("%0A");
                    case '\r' -> text.append("%0D");
                    default -> text.append(ch);
                }
            }
        }
        return text.toString();
    }

    static List<ReservedItem> decode(String text) {
        List<ReservedItem> items = new ArrayList<>();
        if (text == null || text.isEmpty()) {
            return items;
        }
        for (String line : text.split("\n")) {
            String[] f = line.split(",", 4);
            if (f.length != 4) {
                throw new IllegalStateException("Unreadable reservation line: " + line);
            }
            items.add(new ReservedItem(Long.parseLong(f[0]), unescape(f[3]), Long.parseLong(f[2]), Integer.parseInt(f[1])));
        }
        return items;
    }

    private static String unescape(String name) {
        if (name.indexOf('%') < 0) {
            return name;
        }
        StringBuilder out = new StringBuilder(name.length());
        for (int i = 0; i < name.length(); i++) {
            char ch = name.charAt(i);
            if (ch == '%' && i + 2 < name.length()) {
                out.append((char) Integer.parseInt(name.substring(i + 1, i + 3), 16));
                i += 2;
            } else {
                out.append(ch);
            }
        }
        return out.toString();
    }
}
