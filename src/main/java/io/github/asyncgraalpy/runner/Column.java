package io.github.asyncgraalpy.runner;

/** The runtimes each pair runs on, in table order. */
public enum Column {
    CPYTHON("CPython"),
    GRAALPY_PYTHON("GraalPy (Python)"),
    GRAALPY_JAVA_TWIN("GraalPy (Java twin)");

    private final String title;

    Column(String title) {
        this.title = title;
    }

    public String title() {
        return title;
    }
}
