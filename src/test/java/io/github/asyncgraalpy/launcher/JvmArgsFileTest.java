package io.github.asyncgraalpy.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.asyncgraalpy.launcher.JvmArgsFile.TruffleMode;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class JvmArgsFileTest {

    @Test
    void graalVm25UsesItsBuiltInCompiler() {
        assertEquals(TruffleMode.GRAALVM, TruffleMode.of(25, true, true, true));
        assertEquals(List.of(), TruffleMode.GRAALVM.options(Path.of("graal-compiler.jar")));
    }

    @Test
    void otherJdk25WithJvmciGetsTheGraalCompilerOnTheUpgradeModulePath() {
        assertEquals(TruffleMode.JVMCI, TruffleMode.of(25, false, true, true));
        List<String> options = TruffleMode.JVMCI.options(Path.of("/x/graal-compiler.jar"));
        assertEquals(List.of("-XX:+UnlockExperimentalVMOptions", "-XX:+EnableJVMCI", "--upgrade-module-path=/x/graal-compiler.jar"), options);
    }

    @Test
    void anythingElseRunsInterpretedWithoutTruffleRepeatingTheWarning() {
        assertEquals(TruffleMode.INTERPRETED, TruffleMode.of(17, false, true, true));
        assertEquals(TruffleMode.INTERPRETED, TruffleMode.of(21, true, true, true), "GraalPy 25's compiler is not for JDK 21");
        assertEquals(TruffleMode.INTERPRETED, TruffleMode.of(26, true, true, true), "nor for JDK 26");
        assertEquals(TruffleMode.INTERPRETED, TruffleMode.of(25, false, false, true), "no JVMCI module");
        assertEquals(TruffleMode.INTERPRETED, TruffleMode.of(25, false, true, false), "no compiler jar");
        assertEquals(List.of("-Dpolyglot.engine.WarnInterpreterOnly=false"), TruffleMode.INTERPRETED.options(Path.of("c.jar")));
        assertTrue(TruffleMode.INTERPRETED.description().contains("interpreted"));
    }

    @Test
    void argFileQuotesEveryOptionSoPathsMayHoldSpacesQuotesAndBackslashes() {
        assertEquals("\"--module-path\"\n\"/my jars/a.jar:C:\\\\b\\\"c.jar\"\n",
                JvmArgsFile.render(List.of("--module-path", "/my jars/a.jar:C:\\b\"c.jar")));
    }
}
