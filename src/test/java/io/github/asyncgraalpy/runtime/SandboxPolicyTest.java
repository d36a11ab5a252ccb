package io.github.asyncgraalpy.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.graalvm.polyglot.Context;
import org.graalvm.polyglot.Engine;
import org.graalvm.polyglot.SandboxPolicy;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * GraalVM's own sandbox policy as a second check of the project's: {@link SandboxPolicy#CONSTRAINED} validates the
 * sandbox's configuration but for the settings it declares TRUSTED-only, each with its reason. A change that weakens
 * the sandbox in any other way (host class loading, all host access, host IO, native access, processes, the
 * environment, polyglot access, an option GraalVM trusts only in trusted code) makes building fail here.
 */
@Timeout(120)
class SandboxPolicyTest {

    private static Engine constrainedEngine;

    @BeforeAll
    static void engine() {
        constrainedEngine = Engine.newBuilder("python").sandbox(SandboxPolicy.CONSTRAINED)
                .out(OutputStream.nullOutputStream()).err(OutputStream.nullOutputStream()).build();
    }

    @AfterAll
    static void close() {
        constrainedEngine.close();
    }

    private static String runConstrained(Set<Sandbox.Grant> grants, HostLookup lookup, String expression) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (Context context = Sandbox.constrained(Context.newBuilder("python"), grants, BytecodeStore.load(), lookup)
                .engine(constrainedEngine).out(out).err(out).build()) {
            return context.eval("python", expression).asString();
        }
    }

    @Test
    void graalVmAcceptsTheSandboxButItsTrustedOnlySettingsAndPythonRunsInIt() {
        String denied = runConstrained(Set.of(), HostLookup.PROJECT, String.join("\n",
                "import asyncio",
                "try:",
                "    open('/etc/passwd')",
                "    outcome = 'read the host file'",
                "except OSError as e:",
                "    outcome = type(e).__name__",
                "outcome"));
        assertEquals("PermissionError", denied);
    }

    @Test
    void everyGrantAndAnApplicationsClassLoaderPassTheCheckToo() {
        HostLookup application = HostLookup.PROJECT.with(List.of("com.example"), List.of(), Optional.of(getClass().getClassLoader()));
        assertEquals("2", runConstrained(Set.of(Sandbox.Grant.values()), application, "str(1 + 1)"));
    }

    /** A new deviation from GraalVM's policy is a decision: it gets a reason in Sandbox.TRUSTED_ONLY and a line here. */
    @Test
    void theDeviationsAreTheThreeDeclaredOnes() {
        assertEquals(Set.of("engine option python.CatchAllExceptions", "context option python.DontWriteBytecodeFlag",
                "HostAccess mutable target mappings"), Sandbox.TRUSTED_ONLY.keySet());
    }
}
