"""Script running and Java driving Python: ``run_script``, ``step``, how a script ends (``script_exit``), tracebacks
without the bootstrap's own frames (``describe_exception``), and flushing what Python wrote towards Java.
"""

import sys
import traceback

_OWN_FILES = "asyncgraalpy/"  # the bootstrap's modules' file names, which tracebacks leave out


def step(iterator, value=None):
    """One ``__next__`` (or ``send``) of a Python iterator: ``(False, yielded)`` or ``(True, returned)``.

    Java calls this instead of ``__next__`` so that the end of a coroutine is a value, not a StopIteration it
    would have to catch (an exception crossing into Java costs about twenty times more).
    """
    try:
        return False, (next(iterator) if value is None else iterator.send(value))
    except StopIteration as stop:
        return True, stop.value


def script_exit(exc):
    """How CPython's interpreter ends when ``exc`` escapes a script: ``(status, print the traceback, message or None)``.

    SystemExit: no code is 0, an int is that int as the OS keeps it (its low 8 bits; 255 beyond 64 bits, as CPython 3.11
    has it), anything else is printed and 1. KeyboardInterrupt: the traceback, and 130. Anything else: the traceback, and 1.

    For Python callers; Java reads the same from built-in objects (ScriptExitReader), since a script can patch this.
    """
    if isinstance(exc, SystemExit):
        code = exc.code
        if code is None:
            return 0, False, None
        if isinstance(code, int):
            value = int.__int__(code)  # the exact value: an int subclass's __and__ or __index__ is not CPython's to call
            return (value if -2 ** 63 <= value < 2 ** 63 else -1) & 0xFF, False, None
        try:
            return 1, False, str(code)
        except Exception:
            return 1, False, "<exception str() failed>"
    return (130 if isinstance(exc, KeyboardInterrupt) else 1), True, None


def describe_exception(exc):
    """``(qualified type name, str(exc), formatted traceback)`` of a Python exception, for Java.

    The traceback shows the user's code: frames of this module (``run_script``, the wrappers that translate host
    errors) are left out, in chained exceptions too.
    """
    kind = type(exc)
    name = kind.__qualname__ if kind.__module__ in ("builtins", "__main__") else f"{kind.__module__}.{kind.__qualname__}"
    try:
        message = str(exc)
    except Exception:
        message = "<exception str() failed>"  # CPython's words when it prints such an exception
    formatted = traceback.TracebackException(kind, exc, exc.__traceback__)
    _without_own_frames(formatted, set())
    return name, message, "".join(formatted.format())


def _without_own_frames(formatted, seen):
    if formatted is None or id(formatted) in seen:
        return
    seen.add(id(formatted))
    formatted.stack = traceback.StackSummary.from_list(
        [frame for frame in formatted.stack if not frame.filename.startswith(_OWN_FILES)])
    _without_own_frames(formatted.__cause__, seen)
    _without_own_frames(formatted.__context__, seen)
    for member in formatted.exceptions or ():
        _without_own_frames(member, seen)



def run_script(source, filename, name="__main__"):
    """Runs ``source`` as module ``name`` (``__main__``: as a script) in a namespace of its own; returns the namespace."""
    import builtins
    import linecache
    # Tracebacks quote the failing line, as CPython's do, although Python cannot read the file itself.
    linecache.cache[filename] = (len(source), None, source.splitlines(True), filename)
    namespace = {"__name__": name, "__file__": filename, "__builtins__": builtins}
    exec(compile(source, filename, "exec"), namespace)
    return namespace


_java_streams = (sys.__stdout__, sys.__stderr__)  # the streams that write to Java, kept whatever a script does to sys


def flush_stdio():
    """Flushes what Python wrote towards Java; never raises, since a script may have closed or broken the streams."""
    for stream in _java_streams:
        try:
            stream.flush()
        except Exception:
            pass
