package io.github.asyncgraalpy.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.graalvm.polyglot.Context;
import org.graalvm.polyglot.Engine;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * GraalPy 25.0.3's spurious {@code __class__} assignment error under a shared engine, held as it is, with the polyglot
 * API alone: the folder of Python packages works around it (python_packages.py, docs/packages.md), and this test fails
 * on the GraalPy that fixes it, so that the workaround can go.
 */
@Timeout(120)
class GraalPyClassAssignmentTest {

    private static final String SENTINELS = String.join("\n",
            "class Sentinel(type):",
            "    def __new__(cls, name, bases, namespace):",
            "        made = super().__new__(cls, name, bases, namespace)",
            "        made.__class__ = made",
            "        return made",
            "outcomes = []",
            "for name in 'ABC':",
            "    try:",
            "        Sentinel(name, (Sentinel,), {})",
            "        outcomes.append('ok')",
            "    except TypeError as error:",
            "        outcomes.append(str(error))",
            "outcomes");

    @Test
    void aClassMadeItsOwnClassFailsTwiceUnderASharedEngine() {
        try (Engine engine = Engine.newBuilder("python").option("engine.WarnInterpreterOnly", "false").build();
                Context context = Context.newBuilder("python").engine(engine).build()) {
            assertEquals(List.of("__class__ assignment: 'A' object layout differs from 'Sentinel'",
                    "__class__ assignment: 'B' object layout differs from 'Sentinel'", "ok"), outcomes(context));
        }
    }

    @Test
    void aContextWithAnEngineOfItsOwnAcceptsIt() {
        try (Context context = Context.newBuilder("python").option("engine.WarnInterpreterOnly", "false").build()) {
            assertEquals(List.of("ok", "ok", "ok"), outcomes(context));
        }
    }

    private static List<String> outcomes(Context context) {
        return context.eval("python", SENTINELS).as(List.class).stream().map(String::valueOf).toList();
    }
}
