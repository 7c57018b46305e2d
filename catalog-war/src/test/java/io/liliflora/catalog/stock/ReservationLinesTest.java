package io.liliflora.catalog.stock;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.liliflora.catalog.stock.StockOutcome.ReservedItem;
import java.util.List;
import org.junit.jupiter.api.Test;

class ReservationLinesTest {

    @Test
    void namesWithSeparatorsEscapesAndNonAsciiComeBackAsTheyWere() {
        List<ReservedItem> items = List.of(
                new ReservedItem(7, "Peony box, coral", 4_500, 2),
                new ReservedItem(11, "100% tulips\nline two\r\n%0A literally", 0, 1),
                new ReservedItem(12, "Ranunculus « été » 🌸", 1_999, 3),
                new ReservedItem(13, "", 10, 1));
        String text = ReservationLines.encode(items);
        assertEquals(3, text.chars().filter(c -> c == '\n').count(), text); // one line per item, no raw newline from a name
        assertEquals(items, ReservationLines.decode(text));
    }

    @Test
    void aTombstoneOrAnOldRowHasNoInlineLines() {
        assertTrue(ReservationLines.decode(null).isEmpty());
        assertTrue(ReservationLines.decode("").isEmpty());
    }

    @Test
    void aDamagedRowIsAnErrorNotASilentlyShorterOrder() {
        assertThrows(IllegalStateException.class, () -> ReservationLines.decode("7,2,4500"));
        assertThrows(NumberFormatException.class, () -> ReservationLines.decode("x,2,4500,name"));
    }
}
