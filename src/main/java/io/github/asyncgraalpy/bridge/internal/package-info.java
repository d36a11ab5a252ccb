/**
 * The futures bridge's internals: the events Java threads post to a loop's inbox, what watches Java futures for
 * asyncio, and how a loop pool's results become plain Java values. No contract: anything here may change in any release; code outside the library must not use it.
 */
package io.github.asyncgraalpy.bridge.internal;
