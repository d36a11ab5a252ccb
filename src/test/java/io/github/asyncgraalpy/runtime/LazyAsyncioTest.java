package io.github.asyncgraalpy.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.github.asyncgraalpy.testing.SharedPythonContext;
import io.github.asyncgraalpy.testing.TestRuntime;
import java.io.ByteArrayOutputStream;
import java.util.List;
import java.util.Set;
import org.graalvm.polyglot.Value;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The bootstrap's {@code import asyncio} (its {@code _lazy_asyncio}) leaves submodules to run on first use and must
 * give what an eager import gives. The reference is asyncio's own {@code __init__.py} run, in the same context, into a
 * namespace of its own, binding each submodule it star-imports as the import system binds it on the package: the same
 * module objects, so every name must be the very same object. CPython on this machine is 3.11, not GraalPy's 3.12, so
 * the reference is GraalPy's own.
 */
@Timeout(120)
class LazyAsyncioTest {

    @RegisterExtension
    static final SharedPythonContext python = new SharedPythonContext();

    private static final List<String> DEFERRED = List.of("asyncio.locks", "asyncio.queues", "asyncio.selector_events",
            "asyncio.streams", "asyncio.subprocess", "asyncio.taskgroups", "asyncio.threads", "asyncio.unix_events", "typing");
    private static final List<String> STAND_INS = List.of("sslproto", "staggered", "timeouts", "trsock");

    /** What the context had loaded before any test touched asyncio, then the eager reference, in this order. */
    private static Value survey;

    @BeforeAll
    static void surveyThenLoadTheReference() {
        survey = python.run(String.join("\n",
                "import asyncio, ast, sys",
                // inspect: imported (and its spec and name read, as the import statement does) without running.
                "import inspect",
                "inspect_at_start = [type(inspect).__name__, inspect.__name__, inspect.__spec__.name, type(inspect).__name__]",
                "loaded_at_start = sorted(name for name in " + pythonList(DEFERRED) + " if name in sys.modules)",
                "stand_ins_at_start = sorted(name for name in " + pythonList(STAND_INS)
                        + " if type(sys.modules['asyncio.' + name]) is not type(sys))",
                "dir_at_start = dir(asyncio)",
                // A deferred submodule that fails to import: its error reaches the first use, as an ImportError.
                "sys.modules['asyncio.queues'] = None",
                "try:",
                "    try:",
                "        asyncio.LifoQueue",
                "    except Exception as error:",
                "        broken = type(error).__name__",
                "    else:",
                "        broken = 'nothing raised'",
                "finally:",
                "    del sys.modules['asyncio.queues']",
                "after_broken = asyncio.LifoQueue.__module__",
                // The reference: asyncio/__init__.py run eagerly, each star-imported submodule bound as the import system would.
                "tree = ast.parse(asyncio.__loader__.get_source('asyncio'))",
                "body = []",
                "for node in tree.body:",
                "    body.append(node)",
                "    if isinstance(node, ast.ImportFrom) and node.level == 1:",
                "        body.append(ast.parse(f\"{node.module} = sys.modules['asyncio.{node.module}']\").body[0])",
                "    if isinstance(node, ast.If):",
                "        for inner in list(node.orelse):",
                "            if isinstance(inner, ast.ImportFrom) and inner.level == 1:",
                "                node.orelse.insert(node.orelse.index(inner) + 1,",
                "                    ast.parse(f\"{inner.module} = sys.modules['asyncio.{inner.module}']\").body[0])",
                "tree.body = body",
                "eager = {name: getattr(asyncio, name) for name in ('__name__', '__package__', '__loader__', '__spec__', "
                        + "'__path__', '__file__', '__cached__')}",
                "exec(compile(ast.fix_missing_locations(tree), asyncio.__file__, 'exec'), eager)",
                "for name in list(sys.modules):",
                "    if name.startswith('asyncio.') and name.count('.') == 1:",
                "        eager.setdefault(name[len('asyncio.'):], sys.modules[name])",
                "eager_dir = sorted(eager)",
                "dir_after = dir(asyncio)",
                "all_same = [type(asyncio.__all__) is type(eager['__all__']), asyncio.__all__ == eager['__all__']]",
                "public = [name for name in eager if not (name.startswith('__') and name.endswith('__'))]",
                "differing = [name for name in public if getattr(asyncio, name) is not eager[name]]",
                "imported = {}",
                "for name in public:",
                "    exec(f'from asyncio import {name} as value', imported)",
                "    if imported['value'] is not eager[name]:",
                "        differing.append('from asyncio import ' + name)",
                "doc_same = asyncio.__doc__ == eager['__doc__']"));
    }

    private static String pythonList(List<String> names) {
        return names.stream().map(name -> "'" + name + "'").toList().toString();
    }

    private static List<String> strings(String name) {
        return survey.getHashValue(name).as(List.class).stream().map(Object::toString).toList();
    }

    @Test
    void theRarelyUsedSubmodulesHaveNotRunWhenAContextStarts() {
        assertEquals(List.of(), strings("loaded_at_start"), "deferred submodules (and typing) must not run in the bootstrap");
        assertEquals(STAND_INS, strings("stand_ins_at_start"), "base_events' and tasks' unused imports are stand-ins");
    }

    /**
     * {@code inspect}, which asyncio's eager submodules import for their functions alone, is a stand-in until first
     * used: importing it or reading what its spec set runs nothing; its first use runs it, and it is then the module
     * an import gives, with every name, and what asyncio calls it for works.
     */
    @Test
    void inspectRunsAtItsFirstUseAndIsThenTheModuleAnImportGives() {
        assertEquals(List.of("_DeferredModule", "inspect", "inspect", "_DeferredModule"), strings("inspect_at_start"));
        Value checks = python.run(String.join("\n",
                "import asyncio, importlib.util, sys",
                // What asyncio calls it for (a handle's repr) as its first use, then what a script calls it for.
                "def callback(): pass",
                "async def described():",
                "    return repr(asyncio.get_running_loop().call_soon(callback))",
                "described_first = asyncio.run(described())",
                "from inspect import signature",
                "import inspect",
                "async def job(): pass",
                "fresh = importlib.util.module_from_spec(importlib.util.find_spec('inspect'))",
                "fresh.__spec__.loader.exec_module(fresh)",
                "checks = [",
                "    str(signature(lambda a, b=1: 0)),",
                "    type(inspect) is type(sys) and sys.modules['inspect'] is inspect,",
                "    sorted(vars(inspect)) == sorted(vars(fresh)),",
                "    asyncio.iscoroutinefunction(job),",
                "    described_first.startswith('<Handle callback() at '),",
                "]"), "checks");
        assertEquals("['(a, b=1)', True, True, True, True]", python.repr(checks),
                "a signature, the module in sys.modules, the same names as an import, asyncio's uses");
    }

    @Test
    void allIsTheSameTupleAsAnEagerImportGives() {
        assertEquals("[True, True]", python.repr(survey.getHashValue("all_same")), "the type, then the names in order");
        assertEquals("True", python.repr(survey.getHashValue("doc_same")));
    }

    @Test
    void dirIsTheEagerImportsBeforeAndAfterTheSubmodulesRan() {
        assertEquals(strings("eager_dir"), strings("dir_at_start"));
        assertEquals(strings("eager_dir"), strings("dir_after"));
    }

    @Test
    void everyNameIsTheSameObjectAsAnEagerImportBindsByAttributeAndByFromImport() {
        assertEquals(List.of(), strings("differing"));
    }

    @Test
    void aDeferredSubmoduleThatFailsToImportRaisesImportErrorWhereItIsFirstUsedAndLoadsOnceFixed() {
        assertEquals("ModuleNotFoundError", survey.getHashValue("broken").asString());
        assertEquals("asyncio.queues", survey.getHashValue("after_broken").asString());
    }

    @Test
    void submodulesImportPickleAndCheckInstancesAsUsual() {
        Value checks = python.run(String.join("\n",
                "import asyncio, pickle, sys",
                "import asyncio.streams",
                "from asyncio.timeouts import Timeout",
                "from asyncgraalpy import JavaEventLoopPolicy",
                "checks = [",
                "    asyncio.streams.StreamReader is asyncio.StreamReader,",
                "    Timeout is asyncio.Timeout is sys.modules['asyncio.timeouts'].Timeout,",
                "    pickle.loads(pickle.dumps(asyncio.Queue)) is asyncio.Queue,",
                "    type(pickle.loads(pickle.dumps(asyncio.QueueFull('x')))) is asyncio.queues.QueueFull,",
                "    isinstance(asyncio.LifoQueue(), asyncio.Queue),",
                "    asyncio.SelectorEventLoop is asyncio.unix_events._UnixSelectorEventLoop,",
                "    asyncio.DefaultEventLoopPolicy is asyncio.unix_events._UnixDefaultEventLoopPolicy,",
                "    type(asyncio.get_event_loop_policy()) is JavaEventLoopPolicy,",
                "    all(type(module) is type(sys) for module in (asyncio.sslproto.SSLProtocol and asyncio.sslproto,",
                "        asyncio.staggered.staggered_race and asyncio.staggered, asyncio.trsock.TransportSocket and asyncio.trsock)),",
                "]"), "checks");
        assertEquals("[True, True, True, True, True, True, True, True, True]", python.repr(checks), "StreamReader, Timeout, pickling, isinstance, loop classes, the stand-ins run");
    }

    @Test
    void aStandInWhoseCodeFailsRaisesToEachCallerLeavesNoHalfModuleAndRunsOnceItSucceeds() {
        Value outcome = python.run(String.join("\n",
                "import importlib.util, sys",
                "from asyncgraalpy._lazy_asyncio import _DeferredModule",
                "class FailingOnce:",
                "    runs = 0",
                "    def create_module(self, spec):",
                "        return None",
                "    def exec_module(self, module):",
                "        FailingOnce.runs += 1",
                "        module.half = True",
                "        if FailingOnce.runs == 1:",
                "            raise ImportError('the first run fails')",
                "        module.whole = True",
                "spec = importlib.util.spec_from_loader('stand_in_under_test', FailingOnce())",
                "module = importlib.util.module_from_spec(spec)",
                "_DeferredModule.defer(module)",
                "try:",
                "    module.whole",
                "except ImportError as error:",
                "    first = str(error)",
                "half_left = 'half' in object.__getattribute__(module, '__dict__')",
                "outcome = [first, half_left, module.whole, FailingOnce.runs, type(module) is type(sys), module.whole and FailingOnce.runs]"),
                "outcome");
        assertEquals("['the first run fails', False, True, 2, True, 2]", python.repr(outcome));
    }
    @Test
    void aStandInTouchedFromManyThreadsAtOnceRunsOnceAndEachSeesItWhole() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (PythonContext threaded = TestRuntime.shared().newContext(out, out, Set.of(Sandbox.Grant.PYTHON_THREADS))) {
            Value outcome = threaded.runScript(String.join("\n",
                    "import importlib.util, sys, threading, time",
                    "from asyncgraalpy._lazy_asyncio import _DeferredModule",
                    "class SlowLoader:",
                    "    runs = 0",
                    "    def create_module(self, spec):",
                    "        return None",
                    "    def exec_module(self, module):",
                    "        SlowLoader.runs += 1",
                    "        time.sleep(0.2)  # the other threads arrive while it runs",
                    "        module.value = 42",
                    "spec = importlib.util.spec_from_loader('slow_stand_in', SlowLoader())",
                    "module = importlib.util.module_from_spec(spec)",
                    "_DeferredModule.defer(module)",
                    "seen = []",
                    "start = threading.Barrier(4)",
                    "def read():",
                    "    start.wait(10)",
                    "    try:",
                    "        seen.append(module.value)",
                    "    except Exception as error:",
                    "        seen.append(type(error).__name__)",
                    "threads = [threading.Thread(target=read) for _ in range(4)]",
                    "for thread in threads:",
                    "    thread.start()",
                    "for thread in threads:",
                    "    thread.join(10)",
                    "outcome = [seen, SlowLoader.runs, type(module) is type(sys)]"), "<test>").getHashValue("outcome");
            assertEquals("[[42, 42, 42, 42], 1, True]", threaded.repr(outcome), out.toString());
        }
    }
}
