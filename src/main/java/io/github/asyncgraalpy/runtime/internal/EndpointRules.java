package io.github.asyncgraalpy.runtime.internal;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Endpoints a context's Python may reach, one list for connecting and one for listening ({@code
 * runtime.NetworkPolicy} parses into these): each entry a host name or an IP address, with a port or with none (any
 * port). The checks take the {@link InetSocketAddress} Java is about to connect to or bind, never a name Python gave:
 * a name may only be looked up when an entry names it, and every address it resolves to must be named by an entry as
 * well (an address entry), so that a name resolving somewhere else reaches nothing. Immutable.
 */
public final class EndpointRules {

    /** Written without a port: any port. */
    private static final int ANY_PORT = -1;

    /**
     * One entry: a host name (lower case, no trailing dot) or an address, and a port: {@link #ANY_PORT}, or the one
     * port, 0 meaning an ephemeral port only (a listen address).
     */
    private record Entry(Optional<String> name, Optional<InetAddress> address, int port, String text) {

        boolean portMatches(int requested) {
            return port == ANY_PORT || port == requested;
        }
    }

    private static final Pattern IPV4 = Pattern.compile(
            "(25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])(\\.(25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])){3}");
    /**
     * What an IPv6 literal may be written with (hex digits, colons, a dotted IPv4 tail; no zone). Only such text goes to
     * {@code InetAddress.getByName}: the JDK looks up in DNS any other text with a colon that does not start with a hex
     * digit ("x.attacker.example:1"), which would let a script send a query for a name no entry names.
     */
    private static final Pattern IPV6_TEXT = Pattern.compile("[0-9A-Fa-f:.]*:[0-9A-Fa-f:.]*");
    private static final Pattern LABEL = Pattern.compile("[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?");
    private static final Pattern PORT = Pattern.compile("[0-9]{1,5}");

    /** What the rules are for: the words of their errors. */
    public enum Use {
        /** Connect targets: no wildcard address, no port 0. */
        CONNECT("connecting to"),
        /** Listen addresses: a wildcard address and port 0 (an ephemeral port) allowed when named. */
        LISTEN("listening on");

        private final String verb;

        Use(String verb) {
            this.verb = verb;
        }
    }

    private final Use use;
    private final List<Entry> entries;

    private EndpointRules(Use use, List<Entry> entries) {
        this.use = use;
        this.entries = entries;
    }

    /** No endpoint at all. */
    public static EndpointRules none(Use use) {
        return new EndpointRules(use, List.of());
    }

    /**
     * Parses {@code host}, {@code host:port}, {@code address}, {@code address:port}, {@code [ipv6]:port} or {@code
     * ipv6}; no DNS is asked.
     *
     * @throws IllegalArgumentException naming the entry and what is wrong with it
     */
    public static EndpointRules parse(Use use, List<String> endpoints) {
        List<Entry> entries = new ArrayList<>();
        for (String endpoint : endpoints) {
            entries.add(entry(use, endpoint));
        }
        return new EndpointRules(use, List.copyOf(entries));
    }

    /** This and {@code more}'s entries. */
    public EndpointRules plus(EndpointRules more) {
        List<Entry> all = new ArrayList<>(entries);
        all.addAll(more.entries);
        return new EndpointRules(use, List.copyOf(all));
    }

    /** The entries as given. */
    public List<String> endpoints() {
        return entries.stream().map(Entry::text).toList();
    }

    private static Entry entry(Use use, String endpoint) {
        if (endpoint == null || endpoint.isBlank()) {
            throw bad(endpoint, "it is empty");
        }
        String host = endpoint.strip();
        String portText = null;
        if (host.startsWith("[")) {
            int close = host.indexOf(']');
            if (close < 0) {
                throw bad(endpoint, "a '[' without its ']'");
            }
            String rest = host.substring(close + 1);
            host = host.substring(1, close);
            if (!rest.isEmpty()) {
                if (!rest.startsWith(":")) {
                    throw bad(endpoint, "after ']' only ':port' may follow");
                }
                portText = rest.substring(1);
            }
            if (!host.contains(":")) {
                throw bad(endpoint, "brackets are for IPv6 addresses");
            }
        } else if (host.indexOf(':') >= 0 && host.indexOf(':') == host.lastIndexOf(':')) {
            portText = host.substring(host.indexOf(':') + 1);
            host = host.substring(0, host.indexOf(':'));
        }
        int port = ANY_PORT;
        if (portText != null) {
            if (!PORT.matcher(portText).matches() || Integer.parseInt(portText) > 65535) {
                throw bad(endpoint, "the port must be a number from " + (use == Use.CONNECT ? 1 : 0) + " to 65535");
            }
            port = Integer.parseInt(portText);
            if (port == 0 && use == Use.CONNECT) {
                throw bad(endpoint, "port 0 is no connect target (leave the port out for any port)");
            }
        }
        Optional<InetAddress> address = literal(host);
        if (address.isPresent()) {
            if (use == Use.CONNECT && (address.get().isAnyLocalAddress() || address.get().isMulticastAddress())) {
                throw bad(endpoint, "a wildcard or multicast address is no connect target");
            }
            return new Entry(Optional.empty(), address, port, endpoint.strip());
        }
        if (host.indexOf(':') >= 0) {
            throw bad(endpoint, "not an IPv6 address (write an IPv6 address with a port as [address]:port)");
        }
        String name = normalName(host);
        if (name == null) {
            throw bad(endpoint, "'" + host + "' is neither a host name nor an IP address (IPv4 as four decimal numbers)");
        }
        return new Entry(Optional.of(name), Optional.empty(), port, endpoint.strip());
    }

    private static IllegalArgumentException bad(String endpoint, String why) {
        return new IllegalArgumentException("bad endpoint '" + endpoint + "': " + why
                + "; write host, host:port, address, address:port or [ipv6]:port");
    }

    /**
     * The address {@code host} writes literally, without asking DNS: a dotted IPv4 address of four decimal numbers
     * (no octal, hexadecimal or shortened forms), or an IPv6 address ({@code ::ffff:a.b.c.d} is the IPv4 address).
     */
    public static Optional<InetAddress> literal(String host) {
        if (host == null) {
            return Optional.empty();
        }
        String bare = host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
        if (mayBeAddressLiteral(bare)) {
            try {
                // A string of these forms is parsed by the JDK as a literal and never looked up (no zone: no '%').
                return Optional.of(InetAddress.getByName(bare));
            } catch (UnknownHostException | IllegalArgumentException invalid) {
                return Optional.empty();
            }
        }
        return Optional.empty();
    }

    /**
     * True for text the JDK parses as an address literal without asking DNS: four decimal numbers, or IPv6 text
     * ({@link #IPV6_TEXT}). Anything else handed to {@code InetAddress.getByName} may become a DNS query.
     */
    public static boolean mayBeAddressLiteral(String text) {
        return IPV4.matcher(text).matches() || IPV6_TEXT.matcher(text).matches();
    }

    /** {@code host} as a host name in lower case without its trailing dot, or null if it is none. */
    public static String normalName(String host) {
        String name = host.toLowerCase(Locale.ROOT);
        if (name.endsWith(".")) {
            name = name.substring(0, name.length() - 1);
        }
        if (name.isEmpty() || name.length() > 253) {
            return null;
        }
        String[] labels = name.split("\\.", -1);
        for (String label : labels) {
            if (!LABEL.matcher(label).matches()) {
                return null;
            }
        }
        // A last label of digits alone would make the JDK read "127.1" or "2130706433" as an address.
        return labels[labels.length - 1].chars().allMatch(Character::isDigit) ? null : name;
    }

    /** True when no entry names anything. */
    public boolean isEmpty() {
        return entries.isEmpty();
    }

    /** True when an entry names {@code name} (a normal name) at any port: Java may look it up. */
    public boolean namesHost(String name) {
        return entries.stream().anyMatch(entry -> entry.name().filter(name::equals).isPresent());
    }

    /**
     * Why Python may not reach {@code target}, or empty when it may: a name (null for an address Python gave
     * literally) must be named by an entry at that port, and the address, whatever the name, by an address entry at
     * that port.
     */
    public Optional<String> refusal(String name, InetSocketAddress target) {
        InetAddress address = target.getAddress();
        int port = target.getPort();
        String shown = shown(name, target);
        if (address == null) {
            return Optional.of(use.verb + " " + shown + " is not allowed: the name is not resolved");
        }
        if (use == Use.CONNECT && (address.isAnyLocalAddress() || address.isMulticastAddress())) {
            return Optional.of(use.verb + " " + shown + " is not allowed: a wildcard or multicast address is no connect target");
        }
        if (use == Use.CONNECT && port == 0) {
            return Optional.of(use.verb + " " + shown + " is not allowed: port 0 is no connect target");
        }
        if (name != null && entries.stream().noneMatch(entry -> entry.name().filter(name::equals).isPresent() && entry.portMatches(port))) {
            return Optional.of(use.verb + " " + shown + " is not allowed by this context's network policy: no entry names "
                    + name + (port == 0 ? "" : " at port " + port));
        }
        InetAddress plain = unmapped(address);
        if (entries.stream().noneMatch(entry -> entry.address().map(EndpointRules::unmapped).filter(plain::equals).isPresent()
                && entry.portMatches(port))) {
            return Optional.of(use.verb + " " + shown + " is not allowed by this context's network policy: no entry names the address "
                    + plain.getHostAddress() + (port == 0 ? "" : " at port " + port));
        }
        return Optional.empty();
    }

    /** An IPv4-mapped IPv6 address as the IPv4 address it is; any other address as it is. */
    static InetAddress unmapped(InetAddress address) {
        if (address instanceof Inet6Address) {
            byte[] bytes = address.getAddress();
            boolean mapped = true;
            for (int i = 0; i < 10; i++) {
                mapped &= bytes[i] == 0;
            }
            if (mapped && bytes[10] == (byte) 0xff && bytes[11] == (byte) 0xff) {
                try {
                    return InetAddress.getByAddress(new byte[] {bytes[12], bytes[13], bytes[14], bytes[15]});
                } catch (UnknownHostException impossible) {
                    throw new IllegalStateException(impossible);
                }
            }
        }
        return address;
    }

    /** {@code name:port (address)}, or {@code address:port}, as errors name an endpoint. */
    public static String shown(String name, InetSocketAddress target) {
        String address = target.getAddress() == null ? target.getHostString() : target.getAddress().getHostAddress();
        String withPort = (address.indexOf(':') >= 0 ? "[" + address + "]" : address) + ":" + target.getPort();
        return name == null ? withPort : name + ":" + target.getPort() + " (" + address + ")";
    }

    @Override
    public String toString() {
        return entries.stream().map(Entry::text).toList().toString();
    }
}
