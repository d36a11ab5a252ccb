/**
 * The main job, two programs behind one entry point ({@code Runner}): every pair on CPython, on GraalPy as Python and
 * as its Java twin (and further interpreters and modes), compared, timed and reported ({@code PairRunner}); or, with
 * {@code -Dscript}, one script run as {@code python3} would run it ({@code ScriptCommand}). Not part of the library's
 * artifact.
 */
package io.github.asyncgraalpy.runner;
