package io.github.asyncgraalpy.runner;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class PairSelectionTest {

    private static final List<PairedExample> PAIRS = Stream.of("async_for_words", "async_with_resource", "fan_out_futures", "timeout_cancels")
            .map(name -> new PairedExample(name, Path.of(name + ".py")))
            .toList();

    @ParameterizedTest(name = "-Dpairs=''{0}'' selects {1}")
    @CsvSource(delimiter = '|', value = {
        "''                               | async_for_words async_with_resource fan_out_futures timeout_cancels",
        "fan_out_futures                  | fan_out_futures",
        "async_*                          | async_for_words async_with_resource",
        "' timeout_?ancels , fan_out_futures ' | fan_out_futures timeout_cancels",
        "*cancel*                         | timeout_cancels",
        "fan_out                          | ''",
        "async.for.words                  | ''",
    })
    void namesAndGlobsSelectPairsInTheirOrder(String selection, String expected) {
        assertEquals(expected, String.join(" ", PairSelection.parse(selection).select(PAIRS).stream().map(PairedExample::name).toList()));
    }
}
