package io.github.asyncgraalpy.runner;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.asyncgraalpy.runtime.NetworkPolicy;
import io.github.asyncgraalpy.runtime.ServerIdentity;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
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
                Arguments.of("# network: bind 127.0.0.1:0", "'bind' is neither 'listen', 'connect' nor 'identity'"),
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

    /** The example that ships one: a certificate and key made once with openssl, for that example only. */
    private static final Path SHIPPED = Path.of(System.getProperty("asyncgraalpy.scripts", "py-scripts"), "tls_round_trip.pem");

    @Test
    void anIdentityClauseGrantsTheShippedCertificateAndKeyUnderItsName(@TempDir Path folder) throws IOException {
        Files.copy(SHIPPED, folder.resolve("site.pem"));
        NetworkPolicy policy = DeclaredNetwork.in("# network: listen 127.0.0.1:0; identity localhost=site.pem\n", "tls.py", folder)
                .orElseThrow();
        assertEquals(List.of("127.0.0.1:0"), policy.listenAddresses());
        ServerIdentity identity = policy.serverIdentities().get(0);
        assertEquals("localhost", identity.name());
        // the chain alone: the file's comment header and its key stay out of the certificate Python reads
        String chain = identity.certificateChainPem();
        assertTrue(chain.startsWith("-----BEGIN CERTIFICATE-----") && chain.strip().endsWith("-----END CERTIFICATE-----"), chain);
        assertEquals(1, policy.serverIdentities().size());
    }

    /** A file beside the script, its contents, and the start of why the identity is refused. */
    static Stream<Arguments> badIdentities() {
        return Stream.of(
                Arguments.of("identity localhost=absent.pem", null, "identity 'localhost=absent.pem': cannot read "),
                Arguments.of("identity localhost", null, "identity 'localhost' is not NAME=FILE.pem"),
                Arguments.of("identity localhost=../elsewhere.pem", null, "identity 'localhost=../elsewhere.pem' is not NAME=FILE.pem"),
                Arguments.of("identity localhost=site.key", null, "identity 'localhost=site.key' is not NAME=FILE.pem"),
                Arguments.of("identity Local Host=site.pem", "shipped", "bad server identity name 'Local Host'"),
                Arguments.of("identity localhost=site.pem", "-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n",
                        "server identity 'localhost'"),
                Arguments.of("identity localhost=site.pem", "no key\n", "server identity 'localhost'"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badIdentities")
    void aBadIdentityIsAnErrorNamingThePairAndWhy(String clause, String contents, String why, @TempDir Path folder) throws IOException {
        if ("shipped".equals(contents)) {
            Files.copy(SHIPPED, folder.resolve("site.pem"));
        } else if (contents != null) {
            Files.writeString(folder.resolve("site.pem"), contents);
        }
        String declaration = "# network: listen 127.0.0.1:0; " + clause;
        IllegalArgumentException bad = assertThrows(IllegalArgumentException.class,
                () -> DeclaredNetwork.in(declaration + "\n", "tls.py", folder));
        assertTrue(bad.getMessage().startsWith("tls.py declares '" + declaration + "': " + why), bad.getMessage());
    }
}
