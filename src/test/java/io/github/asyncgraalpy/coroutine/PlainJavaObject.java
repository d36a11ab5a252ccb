package io.github.asyncgraalpy.coroutine;

import org.graalvm.polyglot.HostAccess;

/** Test double: a Java object Python can make but not await. */
public final class PlainJavaObject {
    @HostAccess.Export
    public PlainJavaObject() {}
}
