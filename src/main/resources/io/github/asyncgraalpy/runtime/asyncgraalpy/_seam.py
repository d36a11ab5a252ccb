"""The seam between the Java library and this package, declared once on the Python side: the settings ``install``
reads, the members Java calls, the events Java posts to a loop. The Java side declares each once too (in
``io.github.asyncgraalpy.runtime.internal``: BootstrapSetting, BootstrapMember, LoopEvents.Kind), and
BootstrapSeamTest holds the two declarations to each other and to the installed package.
"""

import types

# What install(config) reads, by who gives it: the runtime, or one of the library's parts (BootstrapPart).
SETTINGS = {
    "selector_factory": "the runtime (JavaSelector.Factory)",
    "network_event": "the runtime (NetworkEvent)",
    "python_threads_granted": "the runtime (Sandbox.Grant.PYTHON_THREADS)",
    "nameprep": "the runtime (Nameprep)",
    "xml_reader": "the runtime (XmlEventReader)",
    "awaitable_interface": "the coroutine protocols (CoroutineBootstrap)",
    "iterator_interface": "the coroutine protocols (CoroutineBootstrap)",
    "coroutine_interface": "the coroutine protocols (CoroutineBootstrap)",
    "source_interface": "the coroutine protocols (CoroutineBootstrap)",
    "coroutine_done": "the coroutine protocols (CoroutineBootstrap)",
    "coroutine_failed": "the coroutine protocols (CoroutineBootstrap)",
    "coroutine_steps": "the coroutine protocols (CoroutineBootstrap)",
    "java_futures": "the futures bridge (BridgeBootstrap)",
    "java_streams": "the futures bridge (BridgeBootstrap)",
    "blocking_calls": "the futures bridge (BridgeBootstrap)",
    "publisher_interface": "the futures bridge (BridgeBootstrap)",
    "loop_events": "the futures bridge (BridgeBootstrap)",
}

# The package's members that Java calls or reads: GraalPyRuntime, PythonContext, PythonIterator, PythonPublisher.
JAVA_CALLS = ("install", "import_seconds", "describe_exception", "run_script", "run_loop_thread", "flush_stdio", "step",
              "as_publisher")

# The events Java threads post to a loop's inbox, by the name BridgeBootstrap gives each one's Java class; _events and
# _streams give each its Python type.
LOOP_EVENTS = ("future", "completions", "submit", "cancel", "stop", "ping", "publish")


def settings(config):
    """The settings from GraalPyRuntime's configuration (a Java map) as attributes, each one named in SETTINGS: one
    missing is a RuntimeError that names who should have given it."""
    missing = [name for name in SETTINGS if name not in config]
    if missing:
        raise RuntimeError("asyncgraalpy: the configuration lacks " + ", ".join(
            f"{name} (from {SETTINGS[name]})" for name in missing) + ": is the library's jar complete?")
    return types.SimpleNamespace(**{name: config[name] for name in SETTINGS})
