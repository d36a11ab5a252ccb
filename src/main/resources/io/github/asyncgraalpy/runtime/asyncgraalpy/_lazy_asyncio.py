"""``import asyncio`` with the submodules a script rarely uses loaded when first used, the package's surface unchanged.

asyncio's ``__init__`` star-imports all sixteen of its public submodules, and those pull in more: in a further
context that is most of its start-up (docs/startup.md). Here the package is built from the same spec with the same
names in the same order, but only the submodules an event loop needs run now (``_EAGER``); the others run on first
use: a public name of one (``asyncio.Queue``, ``from asyncio import TaskGroup``) through the package's ``__getattr__``
(PEP 562), a submodule (``asyncio.streams``, ``import asyncio.streams``) through the import system as usual. Four that
``base_events`` and ``tasks`` import but use only inside functions (``_STAND_INS``: ``timeouts`` brings ``typing``) are
in ``sys.modules`` from the start as modules that run their code on first attribute access, and so is one module of the
standard library that they import for their functions alone (``inspect``, with ``dis`` and ``ast``), unless it was
imported already: a script's ``import inspect`` finds it there and runs it at its first use.

What stays as an eager import gives it: ``asyncio.__all__`` (the same tuple), ``dir(asyncio)``, every name resolving to
the same object, the same event loop classes. What differs: ``vars(asyncio)`` holds a name once it was first used,
``sys.modules`` a submodule once it was imported, and an ImportError inside a deferred submodule is raised where it is
first used instead of at ``import asyncio``. LazyAsyncioTest holds all of it to an eager import.

The tables are asyncio's as GraalPy 25.0 (Python 3.12) has it; on any other, ``import_asyncio`` imports it eagerly.
"""

import sys

# GraalPyRuntime's loader sets it, from -Dasyncgraalpy.lazyAsyncio, before this module runs.
enabled = globals().get("enabled", True)

_RECORDED_FOR = ("graalpy", (25, 0), (3, 12))

# asyncio/__init__.py's star imports in its order, each submodule with its __all__. asyncio.__all__ adds them up in
# another order (_ALL_ORDER: threads before timeouts).
_EXPORTS = (
    ("base_events", ("BaseEventLoop", "Server")),
    ("coroutines", ("iscoroutinefunction", "iscoroutine")),
    ("events", ("AbstractEventLoopPolicy", "AbstractEventLoop", "AbstractServer", "Handle", "TimerHandle",
                "get_event_loop_policy", "set_event_loop_policy", "get_event_loop", "set_event_loop", "new_event_loop",
                "get_child_watcher", "set_child_watcher", "_set_running_loop", "get_running_loop", "_get_running_loop")),
    ("exceptions", ("BrokenBarrierError", "CancelledError", "InvalidStateError", "TimeoutError", "IncompleteReadError",
                    "LimitOverrunError", "SendfileNotAvailableError")),
    ("futures", ("Future", "wrap_future", "isfuture")),
    ("locks", ("Lock", "Event", "Condition", "Semaphore", "BoundedSemaphore", "Barrier")),
    ("protocols", ("BaseProtocol", "Protocol", "DatagramProtocol", "SubprocessProtocol", "BufferedProtocol")),
    ("runners", ("Runner", "run")),
    ("queues", ("Queue", "PriorityQueue", "LifoQueue", "QueueFull", "QueueEmpty")),
    ("streams", ("StreamReader", "StreamWriter", "StreamReaderProtocol", "open_connection", "start_server")),
    ("subprocess", ("create_subprocess_exec", "create_subprocess_shell")),
    ("tasks", ("Task", "create_task", "FIRST_COMPLETED", "FIRST_EXCEPTION", "ALL_COMPLETED", "wait", "wait_for",
               "as_completed", "sleep", "gather", "shield", "ensure_future", "run_coroutine_threadsafe", "current_task",
               "all_tasks", "create_eager_task_factory", "eager_task_factory", "_register_task", "_unregister_task",
               "_enter_task", "_leave_task")),
    ("taskgroups", ("TaskGroup",)),
    ("timeouts", ("Timeout", "timeout", "timeout_at")),
    ("threads", ("to_thread",)),
    ("transports", ("BaseTransport", "ReadTransport", "WriteTransport", "Transport", "DatagramTransport",
                    "SubprocessTransport")),
    ("unix_events", ("SelectorEventLoop", "AbstractChildWatcher", "SafeChildWatcher", "FastChildWatcher",
                     "PidfdChildWatcher", "MultiLoopChildWatcher", "ThreadedChildWatcher", "DefaultEventLoopPolicy")),
)
_ALL_ORDER = ("base_events", "coroutines", "events", "exceptions", "futures", "locks", "protocols", "runners", "queues",
              "streams", "subprocess", "tasks", "taskgroups", "threads", "timeouts", "transports", "unix_events")

# What an event loop needs when asyncio loads; BaseEventLoop's module imports the rest of what runs now.
_EAGER = ("base_events", "coroutines", "events", "exceptions", "futures", "protocols", "runners", "tasks", "transports")
# Imported by base_events and tasks, used only inside their functions: in sys.modules from the start, run on first use.
_STAND_INS = ("sslproto", "staggered", "timeouts", "trsock")
# Standard-library modules that asyncio's eager submodules import but use only inside functions (inspect: coroutines,
# format_helpers, tasks; with it dis and ast), stand-ins too unless something imported them already.
_STDLIB_STAND_INS = ("inspect",)
# Every submodule an eager import loads, so a package attribute (dir(asyncio) lists them).
_SUBMODULES = ("base_events", "base_futures", "base_subprocess", "base_tasks", "constants", "coroutines", "events",
               "exceptions", "format_helpers", "futures", "locks", "log", "mixins", "protocols", "queues", "runners",
               "selector_events", "sslproto", "staggered", "streams", "subprocess", "taskgroups", "tasks", "threads",
               "timeouts", "transports", "trsock", "unix_events")
_DOC = "The asyncio package, tracking PEP 3156."


def import_asyncio():
    """asyncio, in sys.modules: deferred where it is the asyncio the tables were recorded from, else imported as usual."""
    if "asyncio" in sys.modules or not enabled or not _recorded_for_this_python():
        import asyncio
        return asyncio
    return _deferred_asyncio()


def _recorded_for_this_python():
    name, implementation, language = _RECORDED_FOR
    return (sys.implementation.name == name and tuple(sys.implementation.version[:2]) == implementation
            and tuple(sys.version_info[:2]) == language)


def _owners():
    """Each public name's submodule: the last to export it, as the star imports would leave it."""
    owners = {}
    for submodule, names in _EXPORTS:
        for name in names:
            owners[name] = submodule
    return owners


def _deferred_asyncio():
    import importlib
    import importlib.machinery
    import importlib.util
    spec = importlib.machinery.PathFinder.find_spec("asyncio")
    package = importlib.util.module_from_spec(spec)
    sys.modules["asyncio"] = package
    spec._initializing = True
    try:
        namespace = vars(package)
        namespace["__doc__"] = _DOC
        namespace["sys"] = sys
        exports = dict(_EXPORTS)
        owners = _owners()
        for name in _STAND_INS:
            setattr(package, name, _install_stand_in("asyncio." + name, package.__path__))
        for name in _STDLIB_STAND_INS:
            if name not in sys.modules:
                _install_stand_in(name)
        for submodule in _EAGER:
            module = importlib.import_module("asyncio." + submodule)
            namespace.setdefault("__builtins__", vars(module)["__builtins__"])  # what running __init__ would add
            for name in exports[submodule]:
                if owners[name] == submodule:
                    namespace[name] = getattr(module, name)
        namespace["__all__"] = sum((exports[submodule] for submodule in _ALL_ORDER), ())
        namespace["__getattr__"] = _package_getattr(namespace, owners, importlib.import_module)
        namespace["__dir__"] = _package_dir(namespace, frozenset(namespace["__all__"]) | frozenset(_SUBMODULES))
    except BaseException:
        for name in [name for name in sys.modules if name == "asyncio" or name.startswith("asyncio.")]:
            del sys.modules[name]
        raise
    finally:
        spec._initializing = False
    return package


def _package_getattr(namespace, owners, import_module):
    def __getattr__(name):
        """A deferred public name or submodule of asyncio, loaded now (the import system's lock makes it once)."""
        submodule = owners.get(name)
        if submodule is not None:
            value = getattr(import_module("asyncio." + submodule), name)
            namespace[name] = value
            return value
        if name in _SUBMODULES:
            return import_module("asyncio." + name)  # the import system sets it on the package too
        raise AttributeError(f"module 'asyncio' has no attribute {name!r}")

    __getattr__.__module__ = "asyncio"
    return __getattr__


def _package_dir(namespace, eager_names):
    hooks = ("__getattr__", "__dir__")

    def __dir__():
        """What dir() gives after an eager import: every public name and submodule, loaded or not."""
        return sorted((eager_names | namespace.keys()).difference(hooks))

    __dir__.__module__ = "asyncio"
    return __dir__


def _install_stand_in(name, path=None):
    """Module ``name`` in sys.modules, as its import would leave it, its code not yet run."""
    import importlib.machinery
    import importlib.util
    spec = importlib.machinery.PathFinder.find_spec(name, path)
    module = importlib.util.module_from_spec(spec)
    _DeferredModule.defer(module)
    sys.modules[spec.name] = module
    return module


class _DeferredModule(type(sys)):
    """A module whose code runs at its first attribute access, from whichever thread, once. Until its code has run to
    the end, every access tries again: an error in it reaches each caller as an eager import would raise it, and no
    half-run module is left for the next. Its lock and state live in its spec, not among its names."""

    @classmethod
    def defer(cls, module):
        import threading
        module.__spec__.loader_state = {"lock": threading.RLock(), "running": False}
        module.__class__ = cls

    def __getattribute__(self, name):
        if name not in _KNOWN_BEFORE_RUNNING:
            _run_once(self)
        if object.__getattribute__(self, "__class__") is _DeferredModule:  # not yet needed, or its own code running
            return object.__getattribute__(self, name)
        return getattr(self, name)

    def __setattr__(self, name, value):
        _run_once(self)  # setting a name comes after an eager import's run
        if object.__getattribute__(self, "__class__") is _DeferredModule:  # its own code setting it, while it runs
            object.__setattr__(self, name, value)
        else:
            setattr(self, name, value)

    def __delattr__(self, name):
        _run_once(self)
        if object.__getattribute__(self, "__class__") is _DeferredModule:
            object.__delattr__(self, name)
        else:
            delattr(self, name)


# What the import system set from the spec before the code runs, the same after: reading one runs nothing. The import
# statement reads __spec__ of a module it finds in sys.modules (is it still initialising?).
_KNOWN_BEFORE_RUNNING = frozenset(("__spec__", "__name__", "__loader__", "__package__", "__path__", "__file__",
                                   "__cached__"))


def _run_once(module):
    """The deferred module's code, run now unless it ran to the end already or is running in this thread."""
    state = object.__getattribute__(module, "__spec__").loader_state
    with state["lock"]:
        if object.__getattribute__(module, "__class__") is _DeferredModule and not state["running"]:
            _run_deferred(module, state)


def _run_deferred(module, state):
    namespace = object.__getattribute__(module, "__dict__")
    before = dict(namespace)
    state["running"] = True
    try:
        namespace["__spec__"].loader.exec_module(module)
    except BaseException:
        namespace.clear()
        namespace.update(before)
        raise
    else:
        object.__setattr__(module, "__class__", type(sys))
        namespace["__spec__"].loader_state = None
    finally:
        state["running"] = False
