/**
 * The coroutine protocols' internals: what a step ended with, the signals Python reads, their part of the bootstrap.
 * No contract: anything here may change in any release; code outside the library must not use it.
 */
package io.github.asyncgraalpy.coroutine.internal;
