/**
 * The build's own steps on the JDK it selected: JVM options per mode, the main job's jar and AOT cache. Not part of the
 * library's artifact.
 */
package io.github.asyncgraalpy.launcher;
