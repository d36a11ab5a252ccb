package io.github.asyncgraalpy.bridge.internal;

/** A loop event: stop the loop, cancelling what still runs. It carries nothing; its type says it all. */
public final class StopLoop {}
