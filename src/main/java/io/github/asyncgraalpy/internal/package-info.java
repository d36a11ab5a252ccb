/**
 * The library's parts that the bootstrap installs into every context, each naming what its layer gives Python: found
 * by the runtime with {@link java.util.ServiceLoader}, named by nothing, so that no layer names one above it. No
 * contract: anything here may change in any release; code outside the library must not use it.
 */
package io.github.asyncgraalpy.internal;
