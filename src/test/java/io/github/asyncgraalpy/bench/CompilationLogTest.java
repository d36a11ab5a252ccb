package io.github.asyncgraalpy.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CompilationLogTest {

    // Lines as Truffle 25.0 writes them with engine.TraceCompilation (trimmed).
    private static final String DONE = "[engine] opt done   engine=1  id=3712  <bytecode find_spec at 54080c36>  |Tier 1|Time 120\n";
    private static final String DEOPT = "[engine] opt deopt  engine=1  id=1037  <OSR@48 <bytecode body at a528f76>> |UTC 2026\n";
    private static final String INVALIDATED = "[engine] opt inval. engine=1  id=1037  <bytecode body at a528f76> |Reason assumption\n";

    @TempDir
    Path dir;

    @Test
    void countsCompilationsAndNamesWhatWasThrownAwayWithoutAddresses() {
        CompilationLog.Events events = CompilationLog.parse(DONE + DEOPT + INVALIDATED + "[engine] opt queued ...\n");
        assertEquals(1, events.compiled());
        assertEquals(2, events.deoptimized());
        assertEquals(List.of("<OSR@48 <bytecode body>", "<bytecode body>"), events.deoptimizedTargets());
    }

    @Test
    void eachPollReadsOnlyWhatIsNewAndLeavesAHalfWrittenLineForLater() throws IOException {
        Path file = dir.resolve("compilation.log");
        Files.writeString(file, DONE + DEOPT.substring(0, 20));
        CompilationLog log = CompilationLog.of(file);
        assertEquals(1, log.poll().compiled());
        Files.writeString(file, DEOPT.substring(20), StandardOpenOption.APPEND);
        CompilationLog.Events second = log.poll();
        assertEquals(0, second.compiled());
        assertEquals(1, second.deoptimized());
        assertEquals(CompilationLog.Events.NONE, log.poll());
    }

    @Test
    void withoutTracingThereIsNothingToRead() {
        CompilationLog log = CompilationLog.ofThisJvm();
        assertFalse(log.traced(), "the test JVM does not trace compilations");
        assertEquals(CompilationLog.Events.NONE, log.poll());
    }
}
