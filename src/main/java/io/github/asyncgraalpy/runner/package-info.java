/**
 * The main job: every pair on CPython, on GraalPy as Python and as its Java twin (and further interpreters and modes),
 * compared, timed and reported. Not part of the library's artifact.
 */
package io.github.asyncgraalpy.runner;
