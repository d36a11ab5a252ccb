"""Clean errors for what the sandbox denies: sockets, select, processes, signals, threads and native code raise
ordinary Python exceptions (and leave the host alone) instead of failing inside GraalPy; and, from the JDK instead of
GraalPy's native code, the idna codec and pyexpat.
"""

from asyncgraalpy._host_errors import _denial


def _denied(what, exception=PermissionError):
    def deny(*args, **kwargs):
        raise _denial(what, exception)

    deny.__name__ = "denied"
    deny.__qualname__ = f"denied<{what}>"
    return deny


def _guard_sockets():
    import _socket
    import socket

    class DeniedSocket(_socket.socket):
        __init__ = _denied("opening a socket")

    socket.socket.__init__ = DeniedSocket.__init__
    _socket.socket = _socket.SocketType = DeniedSocket
    for name in ("fromfd", "socketpair", "dup"):
        for module in (socket, _socket):
            if hasattr(module, name):
                setattr(module, name, _denied("opening a socket"))


def _guard_select():
    import select
    for name in ("select", "poll", "epoll", "devpoll", "kqueue"):
        if hasattr(select, name):
            setattr(select, name, _denied(f"select.{name}"))


def _guard_processes():
    import os
    import _posixsubprocess
    for name in ("system", "execv", "execve", "posix_spawn", "posix_spawnp", "spawnv", "spawnve"):
        if hasattr(os, name):
            setattr(os, name, _denied(f"os.{name}"))
    # subprocess and multiprocessing start every child through fork_exec; without this guard GraalPy would first look
    # the program up in the sandbox's file system and report it missing. subprocess keeps its own reference to it
    # (asyncio imported subprocess before this runs).
    import subprocess
    _posixsubprocess.fork_exec = subprocess._fork_exec = _denied("starting a process")


def _guard_signals():
    """Signals belong to the host process, not to one of its contexts.

    GraalPy would install a Python handler for the whole JVM (a script could make it ignore Ctrl-C and kill, for good)
    and raise a signal in it (SIGTERM ends the host). Installing a handler is refused with ValueError, what CPython
    raises where a sub-interpreter tries (asyncio.Runner expects exactly that); raising a signal or starting a timer
    with PermissionError. Reading the current handlers stays allowed.
    """
    import _signal
    import signal
    refusals = {
        "signal": _denied("installing a signal handler (signals belong to the host)", ValueError),
        "set_wakeup_fd": _denied("signal.set_wakeup_fd (signals belong to the host)", ValueError),
        "siginterrupt": _denied("signal.siginterrupt (signals belong to the host)", ValueError),
        "raise_signal": _denied("raising a signal in the host process"),
        "pthread_kill": _denied("signalling a host thread"),
        "alarm": _denied("signal.alarm (a host timer)"),
        "setitimer": _denied("signal.setitimer (a host timer)"),
    }
    for module in (_signal, signal):
        for name, refusal in refusals.items():
            if hasattr(module, name):
                setattr(module, name, refusal)


def _guard_threads():
    import _thread
    import threading
    # CPython's own words when a thread cannot start, so code that handles that case keeps working.
    denied = _denied("starting a thread (can't start new thread)", RuntimeError)
    _thread.start_new_thread = _thread.start_new = denied
    threading._start_new_thread = denied
    if hasattr(threading, "_start_joinable_thread"):
        threading._start_joinable_thread = denied

    def shutdown_without_threads():
        # GraalPy calls threading._shutdown when the context closes. It hands the main thread's lock over and joins
        # the threads Python started; here no Python thread can exist, and the hand-over blocks forever when the
        # context is closed from another Java thread than the one that built it (PrestartedContexts builds ahead on a thread
        # of its own). What is left to do is the exit hooks.
        for hook in reversed(threading._threading_atexits):
            hook()

    threading._shutdown = shutdown_without_threads


def _native_code_denial(module_name, path=None, why="it is a C extension"):
    return _denial(f"the module {module_name!r} needs native code ({why}), and native code", ImportError,
                   name=module_name, path=path)


def _guard_native_code():
    """A C extension module raises ImportError, naming it, instead of GraalPy's misleading SystemError.

    Every route to a C extension (``import``, ``importlib``, ``ExtensionFileLoader``, ``module_from_spec``) ends in
    ``_imp.create_dynamic``: replaced here, it raises the ImportError CPython raises for an extension it cannot load,
    with ``name`` and ``path``. The sandbox does not depend on it: SandboxFileSystem refuses GraalPy's C API library to
    every route, so a script that gets past this meets a PermissionError, and no native code loads. ``ctypes`` is a
    module of GraalPy's own that lacks its native half here: importing it names native code too.
    """
    import _imp
    import _ctypes

    def create_dynamic(spec, file=None):
        raise _native_code_denial(spec.name, getattr(spec, "origin", None))

    _imp.create_dynamic = create_dynamic
    if hasattr(_imp, "__create_dynamic__"):
        _imp.__create_dynamic__ = create_dynamic

    def native_half(name):
        if name.startswith("_") and name.endswith("_addr"):
            # ctypes/__init__.py imports _memmove_addr and its kind before anything else native.
            raise _native_code_denial("ctypes", why="it calls C functions in native libraries")
        raise AttributeError(f"module '_ctypes' has no attribute {name!r}")

    _ctypes.__getattr__ = native_half


def _install_stand_ins(prepare, xml_reader):
    """Modules GraalPy builds on native code, from the JDK instead, each loaded when a script first imports it.

    The ``idna`` codec (``"bücher.example".encode("idna")``, every TLS ``server_hostname``): CPython's
    ``encodings.idna`` needs Unicode 3.2's tables for one step, nameprep, and takes them from ``stringprep`` and
    ``unicodedata.ucd_3_2_0``: GraalPy has those only in a C extension. GraalPy's own ``encodings/idna.py`` runs when
    something first imports it (the codec lookup does), with nameprep from the JDK (``prepare``, a ``Nameprep``);
    everything else is the standard library's code. ``stringprep`` itself stays denied.

    ``pyexpat`` (so ``xml.etree.ElementTree``, ``xml.sax``, ``xml.dom.minidom``, ``plistlib``): a module of the
    library's own over the JDK's XML parser (``xml_reader``, an ``XmlEventReader``, which also gives its source),
    compiled on first import.
    """
    import sys
    sys.meta_path.insert(0, _StandInFinder({
        "encodings.idna": _IdnaCodecSpec(_nameprep_from(prepare)),
        "pyexpat": _PyexpatSpec(xml_reader.pythonModule, xml_reader.read),
    }))


class _StandInFinder:
    """Finds the modules the bootstrap stands in for, by name; any other import goes on to the next finder."""

    def __init__(self, specs):
        self._specs = specs

    def find_spec(self, name, path=None, target=None):
        spec = self._specs.get(name)
        return None if spec is None else spec(name, path)


def _nameprep_from(prepare):
    def nameprep(label):
        if label.isascii():
            return label.lower()  # RFC 3491 on ASCII: only B.2's case folding applies
        kind, text = prepare.prepare(label)
        if kind == "ok":
            return text
        raise UnicodeError("Invalid character %r" % text if kind == "invalid" else text)  # CPython's words

    return nameprep


class _IdnaCodecSpec:
    """``encodings.idna`` where the standard library has it, loaded with the JDK's nameprep."""

    def __init__(self, nameprep):
        self._nameprep = nameprep

    def __call__(self, name, path):
        import importlib.machinery
        spec = importlib.machinery.PathFinder.find_spec(name, path)
        if spec is not None:
            spec.loader = _IdnaCodecLoader(spec.loader, self._nameprep)
        return spec


class _IdnaCodecLoader:
    def __init__(self, loader, nameprep):
        self._loader = loader
        self._nameprep = nameprep

    def create_module(self, spec):
        return None

    def exec_module(self, module):
        import sys
        import types
        # The module's first lines import stringprep and unicodedata.ucd_3_2_0, which only its nameprep uses: while it
        # runs, they are stand-ins that nothing reads; then it gets the JDK's nameprep, and the real modules are back.
        stand_ins = {"stringprep": types.ModuleType("stringprep"), "unicodedata": types.ModuleType("unicodedata")}
        stand_ins["unicodedata"].ucd_3_2_0 = None
        held = {name: sys.modules.get(name) for name in stand_ins}
        sys.modules.update(stand_ins)
        try:
            exec(self._loader.get_code(module.__name__), vars(module))
        finally:
            for name, original in held.items():
                if original is None:
                    del sys.modules[name]
                else:
                    sys.modules[name] = original
        module.nameprep = self._nameprep
        for stand_in in ("stringprep", "unicodedata"):
            vars(module).pop(stand_in, None)


class _PyexpatSpec:
    """``pyexpat`` from the library's source over the JDK's parser, in place of GraalPy's C extension."""

    def __init__(self, source, read_events):
        self._source = source
        self._read_events = read_events

    def __call__(self, name, path):
        import importlib.machinery
        return importlib.machinery.ModuleSpec(name, _PyexpatLoader(self._source, self._read_events),
                                              origin="asyncgraalpy: pyexpat over the JDK's XML parser")


class _PyexpatLoader:
    def __init__(self, source, read_events):
        self._source = source
        self._read_events = read_events

    def create_module(self, spec):
        return None

    def exec_module(self, module):
        exec(compile(str(self._source()), "<asyncgraalpy: pyexpat>", "exec"), vars(module))
        read = self._read_events

        def read_events(document, is_bytes, namespaces, handed_on):
            return str(read(document, is_bytes, namespaces, handed_on))

        module._read_events = read_events
