package io.github.asyncgraalpy.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The policy on its own, no context: its syntax and errors, and its check on the address Java would use. */
class NetworkPolicyTest {

    /** The grant docs/network.md shows. */
    static GraalPyRuntime.Builder withNetwork() {
        return GraalPyRuntime.builder()
                .network(NetworkPolicy.allowing("127.0.0.1:8080", "localhost", "127.0.0.1")
                        .listeningOn("127.0.0.1:0")
                        .maxSockets(16));
    }

    @Test
    void theChaptersGrantIsAPolicy() {
        assertNotNull(withNetwork());
        NetworkPolicy policy = NetworkPolicy.allowing("127.0.0.1:8080", "localhost", "127.0.0.1").listeningOn("127.0.0.1:0").maxSockets(16);
        assertEquals("NetworkPolicy[connect [127.0.0.1:8080, localhost, 127.0.0.1], listen [127.0.0.1:0], maxSockets 16]", policy.toString());
    }

    /**
     * A host a script gives is parsed as an address only when it is written as one: the JDK sends any other text with a
     * colon that does not start with a hex digit to DNS ("x.attacker.example:1" was queried, a channel out of the
     * sandbox for a name no entry names).
     */
    @Test
    void onlyAddressTextIsParsedAsAnAddressAndNothingElseReachesTheResolver() {
        for (String literal : List.of("127.0.0.1", "::1", "::ffff:127.0.0.1", "fe80::1", "2001:db8::7")) {
            assertTrue(io.github.asyncgraalpy.runtime.internal.EndpointRules.mayBeAddressLiteral(literal), literal);
        }
        for (String other : List.of("x.attacker.example:1", "secret.example:443", "fe80::1%eth0", "localhost", "127.1", "g::1")) {
            assertEquals(false, io.github.asyncgraalpy.runtime.internal.EndpointRules.mayBeAddressLiteral(other), other);
            assertEquals(Optional.empty(), io.github.asyncgraalpy.runtime.internal.EndpointRules.literal(other), other);
        }
    }

    @Test
    void nothingByDefault() {
        assertTrue(NetworkPolicy.none().allowsNothing());
        assertEquals(NetworkPolicy.DEFAULT_MAX_SOCKETS, NetworkPolicy.none().maxSockets());
    }

    @Test
    void eachFormIsAcceptedAndKeptAsGiven() {
        NetworkPolicy policy = NetworkPolicy.allowing("127.0.0.1:8080", "localhost", "example.com:443", "::1", "[::1]:80", "10.0.0.1")
                .listeningOn("127.0.0.1:0", "0.0.0.0:8000", "[::]:0").maxSockets(3);
        assertEquals(List.of("127.0.0.1:8080", "localhost", "example.com:443", "::1", "[::1]:80", "10.0.0.1"), policy.connectTargets());
        assertEquals(List.of("127.0.0.1:0", "0.0.0.0:8000", "[::]:0"), policy.listenAddresses());
        assertEquals(3, policy.maxSockets());
        assertTrue(NetworkPolicy.none().connectTargets().isEmpty(), "immutable: none() is unchanged");
    }

    @Test
    void badEndpointsAreRefusedWithTheEndpointAndTheReason() {
        for (String[] bad : new String[][] {
                {"", "it is empty"},
                {"localhost:", "the port must be a number"},
                {"localhost:70000", "the port must be a number from 1 to 65535"},
                {"localhost:0", "port 0 is no connect target"},
                {"0.0.0.0:80", "a wildcard or multicast address is no connect target"},
                {"[::]", "a wildcard or multicast address is no connect target"},
                {"224.0.0.1", "a wildcard or multicast address is no connect target"},
                {"127.1", "neither a host name nor an IP address"},
                {"2130706433", "neither a host name nor an IP address"},
                {"0x7f.0.0.1", "neither a host name nor an IP address"},
                {"under_score.example", "neither a host name nor an IP address"},
                {"[127.0.0.1]:80", "brackets are for IPv6 addresses"},
                {"[::1", "a '[' without its ']'"},
                {"::1:zz:", "not an IPv6 address"}}) {
            IllegalArgumentException thrown = assertThrows(IllegalArgumentException.class, () -> NetworkPolicy.allowing(bad[0]), bad[0]);
            assertTrue(thrown.getMessage().startsWith("bad endpoint '" + bad[0] + "'") && thrown.getMessage().contains(bad[1]),
                    thrown.getMessage());
        }
        assertThrows(IllegalArgumentException.class, () -> NetworkPolicy.none().maxSockets(0));
        assertThrows(IllegalArgumentException.class, () -> NetworkPolicy.none().listeningOn("localhost:x"));
    }

    @Test
    void theCheckIsOnTheAddressAndTheNameMustBeListedToo() throws UnknownHostException {
        NetworkPolicy policy = NetworkPolicy.allowing("localhost", "127.0.0.1:8080");
        InetAddress loopback = InetAddress.getByName("127.0.0.1");
        assertEquals(Optional.empty(), policy.connectRules().refusal("localhost", new InetSocketAddress(loopback, 8080)));
        assertEquals(Optional.empty(), policy.connectRules().refusal(null, new InetSocketAddress(loopback, 8080)));
        assertTrue(policy.connectRules().refusal("localhost", new InetSocketAddress(loopback, 8081)).orElseThrow()
                .contains("no entry names the address 127.0.0.1 at port 8081"));
        // A name allowed by name alone reaches nothing: an address it resolves to must be listed (DNS rebinding).
        assertTrue(policy.connectRules().refusal("localhost", new InetSocketAddress(InetAddress.getByName("10.1.2.3"), 8080))
                .orElseThrow().contains("localhost:8080 (10.1.2.3)"));
        assertTrue(policy.connectRules().refusal("other.example", new InetSocketAddress(loopback, 8080)).orElseThrow()
                .contains("no entry names other.example"));
        // The IPv4-mapped IPv6 form is the IPv4 address, for allowing and refusing alike.
        InetAddress mapped = InetAddress.getByAddress(new byte[] {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, (byte) 0xff, (byte) 0xff, 127, 0, 0, 1});
        assertEquals(Optional.empty(), policy.connectRules().refusal(null, new InetSocketAddress(mapped, 8080)));
        assertTrue(policy.connectRules().refusal(null, new InetSocketAddress(mapped, 22)).isPresent());
        assertTrue(policy.connectRules().refusal(null, new InetSocketAddress(loopback, 0)).orElseThrow().contains("port 0"));
        // A listen address with port 0 allows an ephemeral port only; one without a port, any port.
        NetworkPolicy listening = NetworkPolicy.none().listeningOn("127.0.0.1:0", "::1");
        assertEquals(Optional.empty(), listening.listenRules().refusal(null, new InetSocketAddress(loopback, 0)));
        assertTrue(listening.listenRules().refusal(null, new InetSocketAddress(loopback, 8080)).isPresent());
        assertEquals(Optional.empty(), listening.listenRules().refusal(null, new InetSocketAddress(InetAddress.getByName("::1"), 8080)));
    }
}
