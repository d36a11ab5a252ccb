package io.github.asyncgraalpy.runner;

import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Which pairs a run takes ({@code -Dpairs=…}): names or globs, comma-separated ({@code fan_out_futures},
 * {@code async_*}, {@code *cancel*,timeout_?ancels}); a blank selection takes every pair.
 */
public record PairSelection(List<Pattern> patterns) {

    public static PairSelection parse(String selection) {
        return new PairSelection(Stream.of(selection.split(","))
                .map(String::strip)
                .filter(part -> !part.isEmpty())
                .map(PairSelection::glob)
                .collect(Collectors.toList()));
    }

    /** The pairs selected, in their order. */
    public List<PairedExample> select(List<PairedExample> pairs) {
        if (patterns.isEmpty()) {
            return pairs;
        }
        return pairs.stream()
                .filter(pair -> patterns.stream().anyMatch(pattern -> pattern.matcher(pair.name()).matches()))
                .collect(Collectors.toList());
    }

    private static Pattern glob(String glob) {
        StringBuilder regex = new StringBuilder();
        for (char c : glob.toCharArray()) {
            switch (c) {
                case '*' -> regex.append(".*");
                case '?' -> regex.append('.');
                default -> regex.append(Pattern.quote(String.valueOf(c)));
            }
        }
        return Pattern.compile(regex.toString());
    }
}
