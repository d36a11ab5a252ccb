/**
 * The runtime's internals: the event loop's Java half, the bootstrap's parts and what marks plumbing. No contract:
 * anything here may change in any release; code outside the library must not use it (the project's ArchitectureTest
 * fails the build where it does).
 */
package io.github.asyncgraalpy.runtime.internal;
