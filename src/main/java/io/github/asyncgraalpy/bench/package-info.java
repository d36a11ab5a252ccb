/**
 * The benchmark harness ({@code ./mvnw -q -Pbench compile exec:exec}): one JVM per group, ratios measured side by side.
 * Not part of the library's artifact.
 */
package io.github.asyncgraalpy.bench;
