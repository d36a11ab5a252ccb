package io.github.asyncgraalpy.bench;

import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class CompilerLoadTest {

    @Test
    void compilerTimeOnlyGrowsAndCountsHotSpotsCompilations() {
        CompilerLoad load = new CompilerLoad();
        long first = load.nanosSoFar();
        long sum = 0;
        for (int i = 0; i < 2_000_000; i++) {
            sum += Integer.toString(i).hashCode(); // enough to make HotSpot compile something
        }
        long second = load.nanosSoFar();
        assertTrue(first > 0, "a JVM that ran JUnit has compiled code: " + first);
        assertTrue(second >= first, first + " then " + second + " (" + sum + ")");
    }
}
