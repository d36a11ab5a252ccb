package io.github.asyncgraalpy.runner;

import io.github.asyncgraalpy.runtime.NetworkPolicy;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * {@code -Dnetwork=LIST}: the endpoints a {@code -Dscript} run may reach, comma-separated ({@code 127.0.0.1} is
 * loopback on any port, {@code 127.0.0.1:8080}, {@code example.com:443}). Nothing without it, as for every context.
 *
 * <p>An address is granted both ways: the script may connect to it and listen on it (an echo server and its client
 * in one script). A host name is granted for connecting only, and the runner resolves it once, when the run starts, and
 * grants the addresses it gave: the user named the host, and the library's policy reaches a name's addresses only where
 * they are listed too (no DNS rebinding), so the run keeps the addresses of its start.
 */
final class NetworkGrant {

    static final String PROPERTY = "asyncgraalpy.network";

    private static final Pattern IPV4 = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}");

    private NetworkGrant() {}

    /** The grant the property asks for; empty when it names nothing. */
    static Optional<NetworkPolicy> fromSystemProperty() {
        return parse(System.getProperty(PROPERTY, ""));
    }

    /**
     * @throws IllegalArgumentException for an endpoint the library's policy refuses (naming it and why), or a host
     *     name that does not resolve
     */
    static Optional<NetworkPolicy> parse(String list) {
        Set<String> connect = new LinkedHashSet<>();
        Set<String> listen = new LinkedHashSet<>();
        for (String entry : list.split(",")) {
            String endpoint = entry.strip();
            if (endpoint.isEmpty()) {
                continue;
            }
            NetworkPolicy.allowing(endpoint); // its syntax, with the library's own words for what is wrong
            String host = host(endpoint);
            connect.add(endpoint);
            if (isAddress(host)) {
                listen.add(endpoint);
            } else {
                connect.addAll(addressesOf(host, endpoint.substring(host.length())));
            }
        }
        if (connect.isEmpty()) {
            return Optional.empty();
        }
        NetworkPolicy policy = NetworkPolicy.allowing(connect.toArray(String[]::new));
        return Optional.of(listen.isEmpty() ? policy : policy.listeningOn(listen.toArray(String[]::new)));
    }

    /** The host part of an endpoint the policy accepted: {@code [ipv6]:port}, a bare IPv6 address, or host[:port]. */
    private static String host(String endpoint) {
        if (endpoint.startsWith("[")) {
            return endpoint.substring(0, endpoint.indexOf(']') + 1);
        }
        if (endpoint.indexOf(':') != endpoint.lastIndexOf(':')) {
            return endpoint;
        }
        int colon = endpoint.indexOf(':');
        return colon < 0 ? endpoint : endpoint.substring(0, colon);
    }

    private static boolean isAddress(String host) {
        return IPV4.matcher(host).matches() || host.contains(":");
    }

    /** {@code host}'s addresses now, each with {@code portSuffix} (":443" or ""), in the policy's syntax. */
    private static List<String> addressesOf(String host, String portSuffix) {
        try {
            List<String> endpoints = new ArrayList<>();
            for (InetAddress address : InetAddress.getAllByName(host)) {
                String text = address.getHostAddress().replaceFirst("%.*", ""); // no zone: the policy takes none
                endpoints.add(text.contains(":") ? (portSuffix.isEmpty() ? text : "[" + text + "]" + portSuffix) : text + portSuffix);
            }
            return endpoints;
        } catch (UnknownHostException unknown) {
            throw new IllegalArgumentException("-Dnetwork names " + host + ", which does not resolve: " + unknown.getMessage());
        }
    }
}
