package io.github.asyncgraalpy.bench;

import java.util.function.Supplier;
import org.graalvm.polyglot.HostAccess;

/** Case 1's awaitables created in Java: Python awaits {@code made.make()}, a new object from Java on every call. */
public final class MadeInJava {

    private final Supplier<Object> factory;

    MadeInJava(Supplier<Object> factory) {
        this.factory = factory;
    }

    @HostAccess.Export
    public Object make() {
        return factory.get();
    }
}
