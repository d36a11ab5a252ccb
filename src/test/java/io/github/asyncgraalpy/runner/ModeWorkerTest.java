package io.github.asyncgraalpy.runner;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The one-line answers of the second JVM: any output survives them, and a line that is not one is not taken for one. */
class ModeWorkerTest {

    @Test
    void anOutcomeSurvivesItsLineWhateverItPrinted() {
        Outcome outcome = new Outcome(Outcome.Status.FAILED, "two\nlines with spaces, é and \u2603\n", "ValueError",
                "Traceback (most recent call last):\n  ...\nValueError: x y", Duration.ofMillis(1234));
        String line = ModeWorker.encode(outcome);
        assertEquals(1, line.lines().count(), line);
        assertEquals(Optional.of(outcome), ModeWorker.decodeOutcome(line));
        Outcome ok = Outcome.ok("").timed(Duration.ofNanos(7));
        assertEquals(Optional.of(ok), ModeWorker.decodeOutcome(ModeWorker.encode(ok)));
    }

    @Test
    void aLineThatIsNoOutcomeIsNotTakenForOne() {
        assertTrue(ModeWorker.decodeOutcome("OK a b").isEmpty(), "too few fields");
        assertTrue(ModeWorker.decodeOutcome("FINE  YQ== YQ== 1").isEmpty(), "no such status");
        assertTrue(ModeWorker.decodeOutcome("OK %%% YQ== YQ== 1").isEmpty(), "not Base64");
        assertTrue(ModeWorker.decodeOutcome("OK YQ== YQ== YQ== soon").isEmpty(), "not a number");
    }
}
