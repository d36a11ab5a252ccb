/**
 * The paired examples' Java halves ({@link io.github.asyncgraalpy.examples.JavaTwin}) and the tutorial's Java classes.
 * Not part of the library's artifact: they use the library as an application would, through
 * {@link io.github.asyncgraalpy.examples.ExampleRuntime}.
 */
package io.github.asyncgraalpy.examples;
