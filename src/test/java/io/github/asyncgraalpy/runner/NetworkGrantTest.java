package io.github.asyncgraalpy.runner;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.asyncgraalpy.runtime.NetworkPolicy;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** {@code -Dnetwork=LIST} read into the library's policy, no context: what each kind of entry grants. */
class NetworkGrantTest {

    @Test
    void nothingListedGrantsNothing() {
        assertEquals(Optional.empty(), NetworkGrant.parse(""));
        assertEquals(Optional.empty(), NetworkGrant.parse(" , "));
    }

    @Test
    void anAddressIsGrantedForConnectingAndListening() {
        NetworkPolicy policy = NetworkGrant.parse("127.0.0.1, [::1]:8080").orElseThrow();
        assertEquals(List.of("127.0.0.1", "[::1]:8080"), policy.connectTargets());
        assertEquals(List.of("127.0.0.1", "[::1]:8080"), policy.listenAddresses());
    }

    /** The library reaches a name's addresses only where they are listed too: the runner lists them as of the start. */
    @Test
    void aNameIsGrantedForConnectingWithTheAddressesItHasWhenTheRunStarts() {
        NetworkPolicy policy = NetworkGrant.parse("localhost:8080").orElseThrow();
        assertEquals("localhost:8080", policy.connectTargets().get(0));
        assertTrue(policy.connectTargets().contains("127.0.0.1:8080"), policy.connectTargets().toString());
        assertEquals(List.of(), policy.listenAddresses());
    }

    @Test
    void aBadEntryIsRefusedInTheLibrarysWordsAndAnUnknownNameSaysSo() {
        IllegalArgumentException bad = assertThrows(IllegalArgumentException.class, () -> NetworkGrant.parse("127.0.0.1:http"));
        assertTrue(bad.getMessage().startsWith("bad endpoint '127.0.0.1:http': the port must be a number"), bad.getMessage());
        IllegalArgumentException unknown = assertThrows(IllegalArgumentException.class, () -> NetworkGrant.parse("no-such-host.invalid"));
        assertTrue(unknown.getMessage().startsWith("-Dnetwork names no-such-host.invalid, which does not resolve"), unknown.getMessage());
    }
}
