package io.github.asyncgraalpy.runner;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.asyncgraalpy.runtime.NetworkPolicy;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** A pair's {@code # network:} line read into the library's policy, no context: good, bad and absent declarations. */
class DeclaredNetworkTest {

    @Test
    void theDeclarationIsExactlyThePolicy() {
        NetworkPolicy policy = DeclaredNetwork.in("#!/usr/bin/env python3\n# network: listen 127.0.0.1:0; connect 127.0.0.1\n"
                + "import asyncio\n", "echo.py").orElseThrow();
        assertEquals(List.of("127.0.0.1:0"), policy.listenAddresses());
        assertEquals(List.of("127.0.0.1"), policy.connectTargets());
    }

    @Test
    void eitherClauseAloneAndSeveralEndpointsInOne() {
        NetworkPolicy connectOnly = DeclaredNetwork.in("# network: connect 127.0.0.1:8080, [::1]:8080\n", "client.py").orElseThrow();
        assertEquals(List.of("127.0.0.1:8080", "[::1]:8080"), connectOnly.connectTargets());
        assertEquals(List.of(), connectOnly.listenAddresses());
        NetworkPolicy listenOnly = DeclaredNetwork.in("# network: listen 127.0.0.1:0;\n", "server.py").orElseThrow();
        assertEquals(List.of(), listenOnly.connectTargets());
        assertEquals(List.of("127.0.0.1:0"), listenOnly.listenAddresses());
    }

    @Test
    void noDeclarationIsNoNetworkAndOneBelowTheLeadingCommentsGrantsNothing() {
        assertEquals(Optional.empty(), DeclaredNetwork.in("import asyncio\nprint('no network')\n", "plain.py"));
        assertEquals(Optional.empty(), DeclaredNetwork.in("", "empty.py"));
        assertEquals(Optional.empty(), DeclaredNetwork.in("\"\"\"Docs.\n# network: connect 127.0.0.1\n\"\"\"\n", "docstring.py"));
        assertEquals(Optional.empty(), DeclaredNetwork.in("import asyncio\n# network: connect 127.0.0.1\n", "later.py"));
    }

    /** A declaration and the start of why it is refused (quotes and '#' rule out a CSV source). */
    static Stream<Arguments> badDeclarations() {
        return Stream.of(
                Arguments.of("# network: bind 127.0.0.1:0", "'bind' is neither 'listen' nor 'connect'"),
                Arguments.of("# network: connect", "'connect' names no endpoint"),
                Arguments.of("# network: connect ,", "'connect' names no endpoint"),
                Arguments.of("# network:", "it declares no endpoint"),
                Arguments.of("# network: connect 127.0.0.1:0", "bad endpoint '127.0.0.1:0': port 0 is no connect target"),
                Arguments.of("# network: listen 127.1", "bad endpoint '127.1'"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badDeclarations")
    void aBadDeclarationIsAnErrorNamingThePairAndWhy(String declaration, String why) {
        IllegalArgumentException bad = assertThrows(IllegalArgumentException.class, () -> DeclaredNetwork.in(declaration + "\n", "tcp_echo.py"));
        assertTrue(bad.getMessage().startsWith("tcp_echo.py declares '" + declaration.strip() + "': " + why), bad.getMessage());
        assertTrue(bad.getMessage().contains("see docs/runner.md"), bad.getMessage());
    }

    @Test
    void aSecondDeclarationIsAnError() {
        IllegalArgumentException bad = assertThrows(IllegalArgumentException.class,
                () -> DeclaredNetwork.in("# network: listen 127.0.0.1:0\n# network: connect 127.0.0.1\n", "twice.py"));
        assertTrue(bad.getMessage().startsWith("twice.py declares '# network: connect 127.0.0.1': a second '# network:' line"), bad.getMessage());
    }
}
