package io.github.asyncgraalpy.coroutine.contract;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.github.asyncgraalpy.testing.CPythonProcess;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;

/** The coroutine contract, once per kind and runtime. Java coroutines run on GraalPy only. */
class CoroutineContractTests {

    private static final CPythonProcess CPYTHON = CPythonProcess.python3();

    @Nested
    @DisplayName("native async def on GraalPy")
    class NativeOnGraalPy extends CoroutineContract {
        @Override
        String kind() {
            return "native";
        }

        @Override
        ScenarioRuntime runtime() {
            return ScenarioRuntime.GRAALPY;
        }
    }

    @Nested
    @DisplayName("Python class on GraalPy")
    class PythonClassOnGraalPy extends CoroutineContract {
        @Override
        String kind() {
            return "python_class";
        }

        @Override
        ScenarioRuntime runtime() {
            return ScenarioRuntime.GRAALPY;
        }
    }

    @Nested
    @DisplayName("JavaCoroutine on GraalPy")
    class JavaOnGraalPy extends CoroutineContract {
        @Override
        String kind() {
            return "java";
        }

        @Override
        ScenarioRuntime runtime() {
            return ScenarioRuntime.GRAALPY;
        }
    }

    @Nested
    @DisplayName("native async def on CPython")
    class NativeOnCPython extends CoroutineContract {
        @BeforeAll
        static void needsCPython() {
            assumeTrue(CPYTHON.available(), "python3 3.11+ is not installed: the CPython reference runs are skipped");
        }

        @Override
        String kind() {
            return "native";
        }

        @Override
        ScenarioRuntime runtime() {
            return ScenarioRuntime.cpython(CPYTHON);
        }
    }

    @Nested
    @DisplayName("Python class on CPython")
    class PythonClassOnCPython extends CoroutineContract {
        @BeforeAll
        static void needsCPython() {
            assumeTrue(CPYTHON.available(), "python3 3.11+ is not installed: the CPython reference runs are skipped");
        }

        @Override
        String kind() {
            return "python_class";
        }

        @Override
        ScenarioRuntime runtime() {
            return ScenarioRuntime.cpython(CPYTHON);
        }
    }
}
