# The contract's factories as Python classes implementing the coroutine protocol by hand: a step function and two
# hooks, the same shape as io.github.asyncgraalpy.coroutine.JavaCoroutine, with CPython's rules for coroutines.
import builtins


class StepCoroutine:
    def __init__(self):
        self._state = "created"

    def step(self, sent):
        raise NotImplementedError

    def on_throw(self, error):
        raise error

    def on_close(self):
        pass

    def __await__(self):
        return self

    def __iter__(self):
        return self

    def __next__(self):
        return self.send(None)

    def _run(self, body):
        self._state = "running"
        try:
            done, value = body()
        except BaseException:
            self._state = "done"
            raise
        self._state = "done" if done else "suspended"
        if done:
            raise StopIteration(value)
        return value

    def send(self, value):
        if self._state == "done":
            raise RuntimeError("cannot reuse already awaited coroutine")
        if self._state == "running":
            raise ValueError("coroutine already executing")
        if self._state == "created" and value is not None:
            raise TypeError("can't send non-None value to a just-started coroutine")
        return self._run(lambda: self.step(value))

    def throw(self, typ, val=None, tb=None):
        error = typ if isinstance(typ, BaseException) else (val if isinstance(val, BaseException) else typ())
        if self._state == "running":
            raise ValueError("coroutine already executing")
        if self._state in ("created", "done"):
            self._state = "done"
            raise error
        return self._run(lambda: self.on_throw(error))

    def close(self):
        if self._state == "running":
            raise ValueError("coroutine already executing")
        state, self._state = self._state, "done"
        if state == "suspended":
            self.on_close()


class countdown(StepCoroutine):
    def __init__(self, n, result):
        super().__init__()
        self.remaining, self.result = n, result

    def step(self, sent):
        if self.remaining > 0:
            self.remaining -= 1
            return False, None
        return True, self.result


class failing(StepCoroutine):
    def __init__(self, n, exception_type, message):
        super().__init__()
        self.remaining, self.exception_type, self.message = n, exception_type, message

    def step(self, sent):
        if self.remaining > 0:
            self.remaining -= 1
            return False, None
        raise getattr(builtins, self.exception_type)(self.message)


class _Recorder(countdown):
    def __init__(self, n, result):
        super().__init__(n, result)
        self.events = []

    def step(self, sent):
        self.events.append(f"send {sent}")
        return super().step(sent)

    def on_throw(self, error):
        self.events.append(f"throw {type(error).__name__}")
        raise error

    def on_close(self):
        self.events.append("close")


def recorder(n, result):
    coroutine = _Recorder(n, result)
    return coroutine, lambda: list(coroutine.events)


class ticker(StepCoroutine):
    def __init__(self, name, n, trace):
        super().__init__()
        self.name, self.n, self.trace, self.done = name, n, trace, 0

    def step(self, sent):
        if self.done < self.n:
            self.trace.append(f"{self.name} {self.done}")
            self.done += 1
            return False, None
        return True, self.name


class stubborn(StepCoroutine):
    def __init__(self, n):
        super().__init__()
        self.remaining = n

    def step(self, sent):
        self.remaining -= 1
        return (False, None) if self.remaining >= 0 else (True, "finished")

    def on_throw(self, error):
        import asyncio
        if isinstance(error, asyncio.CancelledError):
            return True, "suppressed"
        raise error
