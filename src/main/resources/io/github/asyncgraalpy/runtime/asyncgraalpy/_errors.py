"""Java exceptions in Python: ``JavaThrowable`` (what GraalPy raises for a Java exception), ``JavaError`` (what stands
for one in asyncio and in a Java coroutine's outcome), and the Python exception a Java step's error becomes. The lowest
layer of the package's own: it imports none of the others.
"""

import functools


class JavaThrowable(Exception):
    """Registered on java.lang.Throwable: a Java exception that a project class throws into Python (an exported
    constructor or method outside a coroutine step) is an ``Exception``, so ``except Exception`` catches it, and its
    ``str()`` is the Java class and message.

    GraalPy makes it a ``polyglot.ForeignException`` too, which is immutable (it cannot take a traceback) and which
    a coroutine's ``throw`` refuses: a future or task that fails with one stores a JavaError instead
    (``_storing_java_errors``), with the same ``str()``.
    """


def _as_python_exception(exception):
    """A Java exception as the JavaError that stands for it in asyncio; any other exception as it is."""
    if not isinstance(exception, JavaThrowable):
        return exception
    java_class = _java_name(exception)
    text = str(exception)
    message = text.removeprefix(java_class).removeprefix(": ") if text.startswith(java_class) else text
    return JavaError(java_class, message, None)


def _storing_java_errors(set_exception):
    @functools.wraps(set_exception)
    def set_python_exception(future, exception):
        return set_exception(future, _as_python_exception(exception))

    return set_python_exception


class JavaError(Exception):
    """A Java exception that left Java code: its class name, message and stack trace (also in __notes__)."""

    def __init__(self, java_class, java_message, java_stack):
        super().__init__(f"{java_class}: {java_message}")
        self.java_class = java_class
        self.java_message = java_message
        self.java_stack = java_stack
        if java_stack:
            self.add_note("Java stack trace:\n" + java_stack.rstrip())


def _raised_error(error, thrown):
    """The Python exception for what a JavaCoroutine ended with (a RaisedError)."""
    if error.rethrowsThrownIn():
        return thrown
    java_class = error.javaClass()
    cause = JavaError(java_class, error.message(), error.javaStack()) if java_class is not None else None
    type_name = error.pythonType()
    if type_name is None:
        return cause
    exception = _exception_type(type_name)(error.message())
    exception.__cause__ = cause
    return exception


def _exception_type(name):
    import builtins
    import importlib
    if "." in name:
        module_name, _, attribute = name.rpartition(".")
        try:
            found = getattr(importlib.import_module(module_name), attribute, None)
        except ImportError:
            found = None
    else:
        found = getattr(builtins, name, None)
    if not (isinstance(found, type) and issubclass(found, BaseException)):
        raise TypeError(f"PyError names {name!r}, which is no Python exception type")
    return found


def _java_name(obj):
    return type(obj).__name__.removeprefix("Java_").removesuffix("_generated")
