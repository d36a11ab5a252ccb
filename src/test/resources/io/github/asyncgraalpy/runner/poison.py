"""A hostile script: it changes everything in its context that a later script could read. Run before another
script, it must change nothing of what that one prints or how it ends (GraalPyColumnsTest, RunnerTest)."""
import asyncio
import builtins
import sys

import asyncgraalpy
import java
import polyglot


async def fake_sleep(*args, **kwargs):
    print("poisoned sleep")


class EvilAwaitable:
    def __await__(self):
        raise RuntimeError("poisoned await")
        yield


real_print = builtins.print
asyncio.sleep = fake_sleep
asyncio.run = lambda *args, **kwargs: "poisoned run"
asyncgraalpy.run_script = lambda *args, **kwargs: {}  # would let a later failing script "finish"
asyncgraalpy.describe_exception = lambda *args: ("Poisoned", "", "")
polyglot.register_interop_type(java.type("io.github.asyncgraalpy.coroutine.PyAwaitable"), EvilAwaitable,
                               allow_method_overwrites=True)
asyncio.set_event_loop_policy(None)
sys.setrecursionlimit(60)
sys.settrace(lambda *args: None)
sys.ballast = bytearray(64 * 1024 * 1024)
builtins.print = lambda *args, **kwargs: real_print("poisoned:", *args, **kwargs)
sys.modules["json"] = None
print("poisoned everything")
sys.stdout = sys.__stdout__ = sys.stderr = sys.__stderr__ = None
