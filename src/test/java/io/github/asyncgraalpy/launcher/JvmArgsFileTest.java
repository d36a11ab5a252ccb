package io.github.asyncgraalpy.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
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
    void anInterpretedBuildSaysWhy() {
        assertTrue(TruffleMode.INTERPRETED.description("[17,18)", 17).endsWith("but the JDK range [17,18) (-Djdk.range) leaves JDK 25 out"),
                "a range that excludes JDK 25 is named, not blamed on discovery");
        assertTrue(TruffleMode.INTERPRETED.description("[17,26)", 21).contains("toolchain discovery found none"));
        assertTrue(TruffleMode.INTERPRETED.description("[17,26)", 25).contains("no JVMCI module"));
        assertEquals(TruffleMode.JVMCI.description(), TruffleMode.JVMCI.description("[17,26)", 25));
    }

    @Test
    void versionRangesAreReadAsMavenWritesThem() {
        assertTrue(TruffleMode.rangeAdmits("[17,26)", 25));
        assertFalse(TruffleMode.rangeAdmits("[17,25)", 25));
        assertTrue(TruffleMode.rangeAdmits("[17,25]", 25));
        assertFalse(TruffleMode.rangeAdmits("[17,18)", 25));
        assertTrue(TruffleMode.rangeAdmits("[25,)", 25));
        assertFalse(TruffleMode.rangeAdmits("(25,)", 25));
        assertTrue(TruffleMode.rangeAdmits("25", 25));
    }

    @Test
    void theStartUpModeIsInterpretedWithC1AloneAndTheAotCacheComesOnlyWithJdk25() {
        List<String> startup = JvmArgsFile.startupOptions(List.of("-Dinterpreted"));
        assertEquals(List.of("-XX:TieredStopAtLevel=1", "-Dinterpreted"), startup);
        assertEquals(List.of(), JvmArgsFile.aotCacheOptions(17, Path.of("/x/startup.aot")));
        assertEquals(List.of("-XX:AOTCache=/x/startup.aot", "-Xlog:aot=off", "-Xlog:cds=off"), JvmArgsFile.aotCacheOptions(25, Path.of("/x/startup.aot")));
    }

    @Test
    void argFileQuotesEveryOptionSoPathsMayHoldSpacesQuotesAndBackslashes() {
        assertEquals("\"--module-path\"\n\"/my jars/a.jar:C:\\\\b\\\"c.jar\"\n",
                JvmArgsFile.render(List.of("--module-path", "/my jars/a.jar:C:\\b\"c.jar")));
    }
}
