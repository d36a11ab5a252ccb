package io.github.asyncgraalpy.examples;

import java.util.LinkedHashMap;
import java.util.Map;

/** Lets ReadmeTest hold the README and docs/ to the same expected outputs as PairedExamplesTest, without a second copy. */
public final class PairedExamplesTestAccess {

    private PairedExamplesTestAccess() {}

    public static Map<String, String> expectedOutputs() {
        Map<String, String> outputs = new LinkedHashMap<>();
        PairedExamplesTest.chapters().forEach(arguments -> outputs.put((String) arguments.get()[0], (String) arguments.get()[1]));
        return outputs;
    }
}
