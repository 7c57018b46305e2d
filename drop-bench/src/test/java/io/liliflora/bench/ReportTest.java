package io.liliflora.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ReportTest {

    /** One level of one second holding {@code perSecond} copies of {@code shot}. */
    private static Sweep.Result sweep(int perSecond, Shot shot) {
        Outcomes o = new Outcomes();
        for (int i = 0; i < perSecond; i++) {
            o.record(shot);
        }
        return new Sweep.Result(shot.outcome(), shot.outcome(), List.of(new Sweep.Level(16, 1.0, o, shot.outcome())));
    }

    private static Sweep.Result reads(int perSecond) {
        return sweep(perSecond, Shot.of(200, "{}", null, 0, 1_000_000));
    }

    private static Sweep.Result refusals(int perSecond) {
        return sweep(perSecond, Shot.of(409, "{\"type\":\"https://liliflora.io/problems/out-of-stock\",\"status\":409}",
                null, 0, 1_000_000));
    }

    private static HotDrop.Result drop(int units) {
        return new HotDrop.Result(7, 2000, units, new Outcomes(), 0, 0, 1, units, units, 0, null, null, 0, 0, 0, 0, 0,
                Duration.ZERO, units, 0);
    }

    private static Report.Run run(HotDrop.Result drop, Sweep.Result reads, Sweep.Result soldOut) {
        return new Report.Run("t", Map.of(), Map.of(), drop, reads, soldOut, null, null, List.of(), 0, null, new Goals(),
                List.of());
    }

    @Test
    void theDropFloorIsTheNinetyNinthPercentileOrderAnsweredAtTheRunsBestRefusalRate() {
        String floor = Report.dropFloor(run(drop(500), reads(2000), refusals(1000))).orElseThrow();
        assertTrue(floor.contains("495 orders"), floor);
        assertTrue(floor.contains("(best 1,000/s), take 495 ms"), floor);
        assertTrue(floor.contains("(2,000/s) they take 248 ms"), floor);
    }

    @Test
    void noFloorWithoutTheDropTheReadsAndTheRefusals() {
        assertEquals(Optional.empty(), Report.dropFloor(run(null, reads(1000), refusals(1000))));
        assertEquals(Optional.empty(), Report.dropFloor(run(drop(500), null, refusals(1000))));
        assertEquals(Optional.empty(), Report.dropFloor(run(drop(500), reads(1000), null)));
    }
}
