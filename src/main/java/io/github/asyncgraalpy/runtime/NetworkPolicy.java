package io.github.asyncgraalpy.runtime;

import io.github.asyncgraalpy.runtime.internal.EndpointRules;
import java.util.ArrayList;
import java.util.List;

/**
 * The TCP endpoints a runtime's contexts may reach through their event loop ({@code loop.create_connection}, {@code
 * loop.create_server}, {@code asyncio.open_connection}, {@code asyncio.start_server}, {@code loop.getaddrinfo}): none
 * unless the embedder names them, given with {@link GraalPyRuntime.Builder#network(NetworkPolicy)}. Immutable; each
 * method returns a new policy.
 *
 * <pre>{@code
 * NetworkPolicy.allowing("127.0.0.1:8080", "localhost", "127.0.0.1").listeningOn("127.0.0.1:0").maxSockets(16)
 * }</pre>
 *
 * <p>An endpoint is {@code host}, {@code host:port}, {@code address}, {@code address:port}, {@code ipv6} or {@code
 * [ipv6]:port}; no port means any port. Java checks the address it is about to connect to or bind, after resolving:
 * <ul>
 *   <li>a host name Python gives is looked up (by Java, {@link java.net.InetAddress}) only if an entry names it, and
 *   the address it resolves to must be named by an address entry too, at that port. So {@code allowing("localhost")}
 *   alone reaches nothing, {@code allowing("localhost", "127.0.0.1")} reaches {@code 127.0.0.1} through either, and a
 *   name that resolves elsewhere later (DNS rebinding) is refused;</li>
 *   <li>an address Python gives literally needs only its address entry. IPv4 is four decimal numbers (no octal,
 *   hexadecimal or shortened forms); an IPv4-mapped IPv6 address ({@code ::ffff:127.0.0.1}) is the IPv4 address;</li>
 *   <li>a wildcard ({@code 0.0.0.0}, {@code ::}) or multicast address and port 0 are never connect targets; a listen
 *   address with port 0 allows an ephemeral port, and a wildcard listen address must be named to be used (a server
 *   for {@code host=None} binds the wildcards the policy names).</li>
 * </ul>
 * A refused connect, bind or lookup is a Python {@code PermissionError} naming the endpoint. At most {@link
 * #maxSockets()} sockets (connections, connections being made, listening sockets) are open per context; past that,
 * {@code PermissionError} too. See {@code docs/network.md}.
 */
public final class NetworkPolicy {

    /** The default of {@link #maxSockets(int)}: sockets one context may hold open at once. */
    public static final int DEFAULT_MAX_SOCKETS = 64;

    private static final NetworkPolicy NONE = new NetworkPolicy(EndpointRules.none(EndpointRules.Use.CONNECT),
            EndpointRules.none(EndpointRules.Use.LISTEN), DEFAULT_MAX_SOCKETS, List.of());

    private final EndpointRules connect;
    private final EndpointRules listen;
    private final int maxSockets;
    private final List<ServerIdentity> identities;

    private NetworkPolicy(EndpointRules connect, EndpointRules listen, int maxSockets, List<ServerIdentity> identities) {
        this.connect = connect;
        this.listen = listen;
        this.maxSockets = maxSockets;
        this.identities = identities;
    }

    /** No network at all: every connect, bind and lookup is refused. Every runtime's default. */
    public static NetworkPolicy none() {
        return NONE;
    }

    /**
     * A policy whose contexts may connect to these endpoints, and listen nowhere (see {@link #listeningOn}).
     *
     * @throws IllegalArgumentException naming an endpoint that is not one, or a wildcard, multicast address or port
     *     0 as a connect target
     */
    public static NetworkPolicy allowing(String... connectTargets) {
        return NONE.alsoAllowing(connectTargets);
    }

    /** This policy, and connecting to these endpoints too; see {@link #allowing}. */
    public NetworkPolicy alsoAllowing(String... connectTargets) {
        return new NetworkPolicy(connect.plus(EndpointRules.parse(EndpointRules.Use.CONNECT, List.of(connectTargets))), listen, maxSockets,
                identities);
    }

    /**
     * This policy, and listening on these endpoints too: an address (a wildcard included) or a host name and its
     * addresses, with port 0 for an ephemeral port, a port, or none for any port.
     *
     * @throws IllegalArgumentException naming an endpoint that is not one
     */
    public NetworkPolicy listeningOn(String... listenAddresses) {
        return new NetworkPolicy(connect, listen.plus(EndpointRules.parse(EndpointRules.Use.LISTEN, List.of(listenAddresses))), maxSockets,
                identities);
    }

    /**
     * This policy with at most {@code max} sockets open per context at once: connections (those being made and those
     * a server accepted included) and listening sockets.
     *
     * @throws IllegalArgumentException for less than 1
     */
    public NetworkPolicy maxSockets(int max) {
        if (max < 1) {
            throw new IllegalArgumentException("maxSockets must be 1 or more, was " + max);
        }
        return new NetworkPolicy(connect, listen, max, identities);
    }

    /**
     * This policy, and these server identities for the runtime's scripts: each one's certificate chain and private key
     * readable at {@link ServerIdentity#certificatePath()} and {@link ServerIdentity#keyPath()}, so that a script's
     * {@code ssl.SSLContext.load_cert_chain} loads them for a TLS server ({@code asyncio.start_server(..., ssl=...)}).
     * Every script of the runtime can read the key: grant it only to code you would give the key.
     *
     * @throws IllegalArgumentException for a name this policy already has
     */
    public NetworkPolicy servingTlsAs(ServerIdentity... serverIdentities) {
        List<ServerIdentity> all = new ArrayList<>(identities);
        for (ServerIdentity identity : serverIdentities) {
            if (all.stream().anyMatch(known -> known.name().equals(identity.name()))) {
                throw new IllegalArgumentException("this policy already has a server identity named '" + identity.name() + "'");
            }
            all.add(identity);
        }
        return new NetworkPolicy(connect, listen, maxSockets, List.copyOf(all));
    }

    /** The server identities the runtime's scripts may read, in the order given. */
    public List<ServerIdentity> serverIdentities() {
        return identities;
    }

    /** The connect targets, as given. */
    public List<String> connectTargets() {
        return connect.endpoints();
    }

    /** The listen addresses, as given. */
    public List<String> listenAddresses() {
        return listen.endpoints();
    }

    /** Sockets one context may hold open at once. */
    public int maxSockets() {
        return maxSockets;
    }

    /** True when the policy allows no endpoint at all (as {@link #none()}). */
    public boolean allowsNothing() {
        return connect.isEmpty() && listen.isEmpty();
    }

    EndpointRules connectRules() {
        return connect;
    }

    EndpointRules listenRules() {
        return listen;
    }

    @Override
    public String toString() {
        return "NetworkPolicy[connect " + connect + ", listen " + listen + ", maxSockets " + maxSockets
                + (identities.isEmpty() ? "" : ", serving TLS as " + identities.stream().map(ServerIdentity::name).toList()) + "]";
    }
}
