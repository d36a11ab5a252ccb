package io.github.asyncgraalpy.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import io.github.asyncgraalpy.runtime.internal.BootstrapMember;
import io.github.asyncgraalpy.runtime.internal.BootstrapSetting;
import io.github.asyncgraalpy.runtime.internal.LoopEvents;
import io.github.asyncgraalpy.testing.SharedPythonContext;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.graalvm.polyglot.Value;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The seam between Java and the bootstrap package, declared once on each side and held together here: the members
 * Java calls ({@link BootstrapMember}) against {@code _seam.JAVA_CALLS} and the installed package; the settings
 * ({@link BootstrapSetting}) against {@code _seam.SETTINGS}, what the runtime and its parts give, and what
 * {@code install} reads; the loop events ({@link LoopEvents.Kind}) against {@code _seam.LOOP_EVENTS} and the Python
 * types install registers for them. A name missing or misspelt on either side fails here, naming it.
 */
@Timeout(120)
class BootstrapSeamTest {

    @RegisterExtension
    static final SharedPythonContext python = new SharedPythonContext();

    /** What the Python side declares, and what the installed package and {@code install}'s source say. */
    private static final String PYTHON_SIDE = String.join("\n",
            "import ast",
            "import asyncgraalpy",
            "from asyncgraalpy import _events, _seam, _streams",
            "java_calls = list(_seam.JAVA_CALLS)",
            "lacking = [name for name in _seam.JAVA_CALLS if not hasattr(asyncgraalpy, name)]",
            "settings = [[name, giver] for name, giver in _seam.SETTINGS.items()]",
            "loop_events = list(_seam.LOOP_EVENTS)",
            "event_types = list({**_events._LOOP_EVENT_TYPES, **_streams._LOOP_EVENT_TYPES})",
            "def settings_install_reads(source):",
            "    install = next(node for node in ast.parse(str(source)).body",
            "                   if isinstance(node, ast.FunctionDef) and node.name == 'install')",
            "    return sorted({node.attr for node in ast.walk(install) if isinstance(node, ast.Attribute)",
            "                   and isinstance(node.value, ast.Name) and node.value.id == 'settings'})");

    private static Value pythonSide;

    @BeforeAll
    static void readThePythonSide() {
        pythonSide = python.run(PYTHON_SIDE);
    }

    @Test
    void everyMemberJavaCallsIsDeclaredOnBothSidesAndInstalled() {
        assertSameNames("the members Java calls", Arrays.stream(BootstrapMember.values()).map(BootstrapMember::pythonName).toList(),
                strings(pythonSide.getHashValue("java_calls")));
        assertEquals(List.of(), strings(pythonSide.getHashValue("lacking")), "_seam.JAVA_CALLS names these, the package lacks them");
        Value module = python.context().module();
        for (BootstrapMember member : BootstrapMember.values()) {
            member.of(module); // throws, naming the member, when the package lacks it
        }
    }

    @Test
    void everySettingIsDeclaredOnBothSidesWithWhoGivesIt() {
        Map<String, String> declaredInPython = new LinkedHashMap<>();
        Value pairs = pythonSide.getHashValue("settings");
        for (long i = 0; i < pairs.getArraySize(); i++) {
            declaredInPython.put(pairs.getArrayElement(i).getArrayElement(0).asString(), pairs.getArrayElement(i).getArrayElement(1).asString());
        }
        assertSameNames("the bootstrap's settings", BootstrapSetting.givers().keySet(), declaredInPython.keySet());
        assertEquals(BootstrapSetting.givers(), declaredInPython, "who gives each setting, in BootstrapSetting and in _seam.SETTINGS");
    }

    @Test
    void theRuntimeAndItsPartsGiveEverySettingAndInstallReadsEachOne() {
        Set<String> given = GraalPyRuntime.bootstrapConfig(false, Optional.empty()).forPython().keySet();
        String installSource = BootstrapSources.read().stream().filter(module -> module.get(0).equals("__init__")).findFirst()
                .orElseThrow().get(1);
        List<String> read = strings(python.context().call(pythonSide.getHashValue("settings_install_reads"), installSource));
        assertSameNames("the settings given (BootstrapSetting) and those install reads (settings.<name>)", given, read);
    }

    @Test
    void everyLoopEventIsDeclaredOnBothSidesAndHasAPythonType() {
        List<String> kinds = Arrays.stream(LoopEvents.Kind.values()).map(LoopEvents.Kind::pythonName).toList();
        assertSameNames("the loop events", kinds, strings(pythonSide.getHashValue("loop_events")));
        assertSameNames("the loop events and their Python types (_events and _streams)", kinds,
                strings(pythonSide.getHashValue("event_types")));
    }

    private static void assertSameNames(String what, Collection<String> java, Collection<String> python) {
        List<String> javaOnly = new ArrayList<>(java);
        javaOnly.removeAll(python);
        List<String> pythonOnly = new ArrayList<>(python);
        pythonOnly.removeAll(java);
        if (!javaOnly.isEmpty() || !pythonOnly.isEmpty()) {
            fail(what + " disagree: only on the Java side " + javaOnly + ", only on the Python side " + pythonOnly);
        }
    }

    private static List<String> strings(Value list) {
        List<String> strings = new ArrayList<>();
        for (long i = 0; i < list.getArraySize(); i++) {
            strings.add(list.getArrayElement(i).asString());
        }
        return strings;
    }
}
