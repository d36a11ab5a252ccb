package io.github.asyncgraalpy.runner;

import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Removes from printed output what legitimately differs between runtimes and runs, so that the rest can be compared
 * line for line: object addresses, runtime banners, line endings and trailing blanks.
 */
public final class OutputNormaliser {

    private static final Pattern ADDRESS = Pattern.compile("\\bat 0x[0-9a-fA-F]+");
    /** {@code sys.version}'s second line on GraalPy ({@code [Graal, GraalVM CE, Java 25 (amd64)]}) and CPython ({@code [GCC 12.2.0]}). */
    private static final Pattern BANNER = Pattern.compile("^\\[(Graal|GCC|Clang|MSC)[^\\]]*\\]$");

    private OutputNormaliser() {}

    public static String normalise(String output) {
        return output.replace("\r\n", "\n")
                .lines()
                .map(String::stripTrailing)
                .map(line -> ADDRESS.matcher(line).replaceAll("at 0x…"))
                .map(line -> BANNER.matcher(line).matches() ? "[runtime banner]" : line)
                .collect(Collectors.joining("\n", "", output.isEmpty() ? "" : "\n"));
    }
}
