# The contract's factories as Java coroutines (io.github.asyncgraalpy.coroutine.JavaCoroutine subclasses).
import java

countdown = java.type("io.github.asyncgraalpy.testing.pythonfacing.YieldingCoroutine")
failing = java.type("io.github.asyncgraalpy.testing.pythonfacing.YieldingCoroutine").raising
ticker = java.type("io.github.asyncgraalpy.testing.pythonfacing.TracingCoroutine")
_Recorder = java.type("io.github.asyncgraalpy.testing.pythonfacing.YieldingCoroutine")


def recorder(n, result):
    coroutine = _Recorder(n, result)
    return coroutine, lambda: list(coroutine.events())
stubborn = java.type("io.github.asyncgraalpy.coroutine.Stubborn")
