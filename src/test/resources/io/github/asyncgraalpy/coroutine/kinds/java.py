# The contract's factories as Java coroutines (io.github.asyncgraalpy.coroutine.JavaCoroutine subclasses).
import java

countdown = java.type("io.github.asyncgraalpy.examples.Countdown")
failing = java.type("io.github.asyncgraalpy.examples.Failing")
ticker = java.type("io.github.asyncgraalpy.examples.Ticker")
_Recorder = java.type("io.github.asyncgraalpy.examples.Recorder")


def recorder(n, result):
    coroutine = _Recorder(n, result)
    return coroutine, lambda: list(coroutine.events())
stubborn = java.type("io.github.asyncgraalpy.coroutine.Stubborn")
