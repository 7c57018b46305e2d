package io.liliflora.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class CpuMeterTest {

    @Test
    void userAndSystemTicksAreFieldsFourteenAndFifteenCountedFromTheLastParenthesis() {
        String stat = "4242 (java (main) x) S 1 4242 4242 0 -1 4194560 100 0 0 0 1234 567 0 0 20 0 40 0 99 1 2";
        assertEquals(1234 + 567, CpuMeter.ticksOf(stat));
    }

    @Test
    void thisProcessUsesCpuAndAProcessThatIsNotThereIsLeftOut() {
        assertTrue(CpuMeter.processTicks(ProcessHandle.current().pid()) >= 0);
        assertEquals(-1, CpuMeter.processTicks(-1));
        long[] machine = CpuMeter.machineTicks();
        assertTrue(machine[1] > 0 && machine[0] <= machine[1], machine[0] + " busy of " + machine[1]);
    }

    @Test
    void aReadingCoversTheWorkDoneSinceItWasTaken() {
        CpuMeter meter = CpuMeter.forRun(-1, -1, -1);
        CpuMeter.Reading before = meter.read();
        double spin = 0;
        long until = System.nanoTime() + 300_000_000L;
        while (System.nanoTime() < until) {
            spin += Math.sqrt(spin + 1);
        }
        CpuMeter.Use use = before.since();
        assertTrue(spin > 0);
        assertTrue(use.seconds().get("load generator") >= 0.1, use.toString());
        assertEquals(Double.NaN, use.msPer("server", 10));
        assertTrue(use.machineBusy() >= use.seconds().get("load generator") - 0.05, use.toString());
    }
}
