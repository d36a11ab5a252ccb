"""Host errors as CPython's: every function of the host-facing builtin modules raises what CPython would.

Loaded first, before anything imports asyncio or the rest of the standard library: what imports later takes the
translating functions.
"""

import errno
import re
import sys

# First of all, before asyncio and the rest of the standard library import the host-facing modules' functions into
# their own namespaces: what imports later takes the translating ones, and there is less to search for here.

_HOST_FACING_MODULES = ("posix", "_socket", "select", "_signal", "faulthandler", "resource", "fcntl", "mmap", "pwd",
                        "_posixsubprocess", "_posixshmem", "_multiprocessing", "_multiprocessing_graalpy", "_crypt")
"""The builtin modules whose functions reach the host: GraalPy's POSIX backend, Truffle's threads and inner contexts."""

# Compiled on the first translation rather than in every context's start-up: re compiles in Python, a few ms each.
_JAVA_ERROR_HEADER = r"(?P<java_class>\w+(?:Exception|Error)): (?P<message>[^\n]*)"
_UNSUPPORTED = r"Feature not supported on 'java' POSIX backend: (?P<name>\w+)|(?P<excluded>\w+) was excluded"


def _denial(what, exception=PermissionError, **details):
    """The exception for a denial, in the sandbox's words: an OSError type gets EPERM, as CPython's do; ``details``
    are an ImportError's ``name`` and ``path``."""
    message = f"{what} is denied in this GraalPy sandbox (see docs/security.md)"
    return exception(errno.EPERM, message) if issubclass(exception, OSError) else exception(message, **details)


def _python_error_for(error):
    """The exception CPython would raise for a Java failure that GraalPy wrapped in ``error`` (a SystemError), or None.

    The engine runs with ``python.CatchAllExceptions``, so a Java exception thrown inside GraalPy (an operation its
    POSIX backend does not have, one the sandbox excludes, a thread or inner context the context may not create)
    arrives as a SystemError that ``except Exception`` catches, whichever route reached it. This gives the common ones
    the type and words CPython uses, without the Java stack trace GraalPy appends.
    """
    text = str(error)
    header = re.match(_JAVA_ERROR_HEADER, text)
    if header is None or "\n\nJava stack trace:" not in text:
        return None  # a SystemError of Python's own
    java_class, message = header["java_class"], header["message"]
    unsupported = re.search(_UNSUPPORTED, message) if java_class == "UnsupportedPosixFeatureException" else None
    if unsupported and unsupported["excluded"]:
        return _denial(unsupported["excluded"])
    if unsupported:
        return OSError(errno.ENOSYS, f"Function not implemented: {unsupported['name']} (GraalPy's Java POSIX backend)")
    if "threads is not allowed" in message:
        return _denial("starting a thread (can't start new thread)", RuntimeError)  # as _guard_threads says it
    if "inner context" in message:
        return _denial("starting a process")  # as _guard_processes says it
    return SystemError(f"{java_class} in GraalPy: {message}")


class _HostFunction:
    """A builtin function of a host-facing module that raises what CPython would (``_python_error_for``).

    A class, not a closure: like the builtin it stands for, it does not bind as a method where a class body keeps it
    (``selectors.SelectSelector._select = select.select``).
    """

    __slots__ = ("_function",)

    def __init__(self, function):
        self._function = function

    def __call__(self, *args, **kwargs):
        try:
            return self._function(*args, **kwargs)
        except SystemError as error:
            replacement = _python_error_for(error)
            if replacement is None:
                raise
            raise replacement from None

    @property
    def __name__(self):
        return self._function.__name__

    @property
    def __doc__(self):
        return self._function.__doc__

    def __repr__(self):
        return repr(self._function)


def _translate_host_errors(known):
    """Every function of the host-facing modules raises what CPython would, wherever the standard library holds it;
    returns the names it replaced, per module, as ``known`` takes them.

    This runs before the bootstrap imports asyncio, so before anything star-imports these modules (``os`` imports
    ``posix``, ``socket`` ``_socket``, ``signal`` ``_signal``) or keeps one of their functions in a class
    (``selectors`` keeps ``select.select``): replacing the functions in their own modules is enough, and every later
    copy is a translating one. ``DenialSurfaceTest`` walks every module and class after a broad set of imports and
    finds no original; searching them here instead cost a tenth of a second per context.

    ``known`` is what the runtime's first context returned (None in that one): the same GraalPy builds these builtin
    modules the same way in every context of a runtime, before any script runs, so a further context looks up those
    names instead of walking the modules' namespaces (hundreds of constants; a few ms). HostFunctionNamesTest walks them
    in a further context and finds no original.
    """
    known = dict(line.split(" ", 1) for line in known.splitlines()) if known else None
    found = []
    for module_name in _HOST_FACING_MODULES:
        module = sys.modules.get(module_name) or _import_if_present(module_name)
        if module is not None:
            namespace = vars(module)
            if known is None or module_name not in known:
                names = [name for name, value in namespace.items() if type(value) is _BUILTIN_FUNCTION and not name.startswith("__")]
            else:
                names = [name for name in known[module_name].split(" ") if type(namespace.get(name)) is _BUILTIN_FUNCTION]
            for name in names:
                namespace[name] = _HostFunction(namespace[name])
            found.append(module_name + " " + " ".join(names))
    return "\n".join(found)


_BUILTIN_FUNCTION = type(len)


def _import_if_present(module_name):
    try:
        return __import__(module_name)
    except ImportError:
        return None


known_host_functions = globals().get("known_host_functions")  # GraalPyRuntime's loader sets it before this runs
host_functions = _translate_host_errors(known_host_functions)
