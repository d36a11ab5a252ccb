package io.github.asyncgraalpy.runtime.internal;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * A public member that only the library itself calls: its Python half (public because the sandbox lets Python reach
 * only public, exported members) or another of its packages. Not for user code: it keeps no contract, and the
 * project's ArchitectureTest fails the build where code built on the library calls one.
 */
@Documented
@Retention(RetentionPolicy.CLASS)
@Target({ElementType.METHOD, ElementType.CONSTRUCTOR, ElementType.TYPE})
public @interface Plumbing {}
