package io.github.asyncgraalpy.runner;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.stream.Collectors;

/**
 * A runtime each pair runs on: the three the runner always has (CPython, the script on GraalPy, its Java twin on
 * GraalPy), and further reference interpreters the user names ({@code -Dpythons=python3.12,pypy3}), each titled by
 * its command. Two columns are the same when their titles are.
 */
public record Column(String title) {

    public static final Column CPYTHON = new Column("CPython");
    public static final Column GRAALPY_PYTHON = new Column("GraalPy (Python)");
    public static final Column GRAALPY_JAVA_TWIN = new Column("GraalPy (Java twin)");

    private static final List<Column> ALWAYS = List.of(CPYTHON, GRAALPY_PYTHON, GRAALPY_JAVA_TWIN);

    public Column {
        Objects.requireNonNull(title, "title");
        if (title.isBlank()) {
            throw new IllegalArgumentException("a column needs a title");
        }
    }

    /** A further reference interpreter, run as {@code command} from the PATH. */
    public static Column reference(String command) {
        return new Column(command);
    }

    /** The three columns every run has, in table order. */
    public static List<Column> always() {
        return ALWAYS;
    }

    /** The table's columns for these: the three every run has, then the further ones by title. */
    public static List<Column> inTableOrder(Collection<Column> columns) {
        List<Column> ordered = new ArrayList<>(ALWAYS);
        ordered.addAll(columns.stream().filter(column -> !ALWAYS.contains(column)).distinct()
                .sorted(Comparator.comparing(Column::title)).collect(Collectors.toList()));
        return ordered;
    }

    /** The table's columns for a run made of these comparisons. */
    public static List<Column> of(List<Comparison> comparisons) {
        return inTableOrder(comparisons.stream().flatMap(comparison -> comparison.columns().stream()).collect(Collectors.toList()));
    }
}
