package io.github.asyncgraalpy.runtime.internal;

import java.io.IOException;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.StandardProtocolFamily;
import java.net.UnknownHostException;
import java.nio.ByteBuffer;
import java.nio.channels.CancelledKeyException;
import java.nio.channels.DatagramChannel;
import java.nio.channels.SelectableChannel;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.graalvm.polyglot.HostAccess;
import org.graalvm.polyglot.Value;

/**
 * One event loop's TCP and UDP sockets, the IO done in Java: Python names a socket by a handle (a number of this loop's own)
 * and calls the exported methods below on the loop's thread; readiness comes from the loop's NIO selector, which
 * {@link JavaSelector#select} waits in once the loop has sockets, and turns into {@link NetworkEvent}s there. Every
 * connect, bind and lookup is checked against the context's {@link Network} on the address Java is about to use.
 *
 * <p>A fallible call returns {@code ["ok", value...]} or {@code ["error", python type, errno, message]}
 * ({@link SocketError}), never throws into Python. Reads take at most {@value #READ_SIZE} bytes per socket per select,
 * and none while the transport paused reading.
 */
public final class LoopSockets {

    static final int READ_SIZE = 64 * 1024;
    /**
     * At most this much per channel write: NIO copies a heap buffer into a temporary native buffer of its whole
     * remaining size and keeps that in the writing thread's cache, so one huge write would pin as much native memory
     * on the host's thread, beyond the context's life.
     */
    static final int WRITE_SLICE = 64 * 1024;
    private static final int ACCEPTS_PER_SELECT = 32;
    /** At most this many datagrams per endpoint per select, so that a flood cannot keep the loop in one socket. */
    static final int DATAGRAMS_PER_SELECT = 32;

    /** A socket of this loop. */
    private abstract static class Handle {
        final int id;
        SelectionKey key;

        Handle(int id) {
            this.id = id;
        }

        abstract SelectableChannel channel();
    }

    private static final class Listener extends Handle {
        final ServerSocketChannel channel;

        Listener(int id, ServerSocketChannel channel) {
            super(id);
            this.channel = channel;
        }

        @Override
        SelectableChannel channel() {
            return channel;
        }
    }

    private static final class Connection extends Handle {
        SocketChannel channel;
        final ArrayDeque<ByteBuffer> out = new ArrayDeque<>();
        long buffered;
        boolean connecting;
        boolean reading;
        boolean inputEnded;
        boolean eofAfterFlush;
        boolean closeAfterFlush;
        long drainBelow = -1;
        /** While connecting: the allowed addresses not tried yet, and the name they came from (null: a literal). */
        List<InetSocketAddress> candidates = List.of();
        String name;
        InetSocketAddress target;

        Connection(int id) {
            super(id);
        }

        @Override
        SelectableChannel channel() {
            return channel;
        }
    }

    /** A UDP endpoint: bound, connected to its remote address, or both; datagrams the socket did not take wait in order. */
    private static final class Datagram extends Handle {
        final DatagramChannel channel;
        final ArrayDeque<Outgoing> out = new ArrayDeque<>();
        long buffered;
        boolean reading;
        boolean closeAfterFlush;

        Datagram(int id, DatagramChannel channel) {
            super(id);
            this.channel = channel;
        }

        @Override
        SelectableChannel channel() {
            return channel;
        }
    }

    /** A datagram waiting to be sent: to its checked target, or (null) to the endpoint's remote address. */
    private record Outgoing(ByteBuffer data, InetSocketAddress target) {}

    private final Network network;
    private final JavaSelector owner;
    private final Selector selector;
    private final Map<Integer, Handle> handles = new HashMap<>();
    private final ByteBuffer readBuffer = ByteBuffer.allocate(READ_SIZE);
    /** Events of calls made between selects (a connect that failed at once, a write's failure): the next select's. */
    private final List<Object> pending = new ArrayList<>();
    private int nextId = 1;
    private boolean closed;

    LoopSockets(Network network, JavaSelector owner, Selector selector) {
        this.network = network;
        this.owner = owner;
        this.selector = selector;
    }

    Selector selector() {
        return selector;
    }

    // ---- lookups and checks ----

    /** The addresses for {@code host} (null or empty: the wildcards), after the lookup check; or why not. */
    private Object resolve(String host, int port, boolean listening) {
        if (port < 0 || port > 65535) {
            return new SocketError("OverflowError", 0, "port must be 0-65535, was " + port);
        }
        if (host == null || host.isEmpty()) {
            if (!listening) {
                return SocketError.denied("connecting without a host is not allowed");
            }
            return List.of(new InetSocketAddress(EndpointRules.literal("0.0.0.0").orElseThrow(), port),
                    new InetSocketAddress(EndpointRules.literal("::").orElseThrow(), port));
        }
        Optional<InetAddress> literal = EndpointRules.literal(host);
        if (literal.isPresent()) {
            return List.of(new InetSocketAddress(literal.get(), port));
        }
        String name = EndpointRules.normalName(host);
        if (name == null || !network.mayLookUp(name)) {
            return SocketError.denied("looking up " + host + " is not allowed by this context's network policy: no entry names it");
        }
        try {
            // Only names the embedder listed reach DNS; every address they give is checked next.
            return Arrays.stream(InetAddress.getAllByName(name)).map(address -> new InetSocketAddress(address, port)).toList();
        } catch (UnknownHostException unknown) {
            return SocketError.unknownHost(host);
        }
    }

    /** The addresses of {@code resolved} that the rules allow, or the refusal of the first. */
    private static Object allowed(EndpointRules rules, String name, List<InetSocketAddress> resolved) {
        List<InetSocketAddress> allowed = new ArrayList<>();
        String refusal = null;
        for (InetSocketAddress address : resolved) {
            Optional<String> why = rules.refusal(name, address);
            if (why.isEmpty()) {
                allowed.add(address);
            } else if (refusal == null) {
                refusal = why.get();
            }
        }
        return allowed.isEmpty() ? SocketError.denied(refusal) : allowed;
    }

    private static String nameOf(String host) {
        return host == null || host.isEmpty() || EndpointRules.literal(host).isPresent() ? null : EndpointRules.normalName(host);
    }

    /**
     * {@code loop.getaddrinfo}: the addresses of {@code host} when the policy lets Java look it up (a literal is
     * itself), as {@code ["ok", [family 4 or 6, address, port]...]}.
     */
    @HostAccess.Export
    public synchronized List<Object> lookup(String host, int port) {
        Object resolved = resolve(host, port, false);
        if (resolved instanceof SocketError error) {
            return error.forPython();
        }
        List<Object> result = new ArrayList<>();
        result.add("ok");
        for (Object item : (List<?>) resolved) {
            InetSocketAddress address = (InetSocketAddress) item;
            result.add(List.of(address.getAddress() instanceof Inet6Address ? 6 : 4, address.getAddress().getHostAddress(), port));
        }
        return result;
    }

    // ---- connections ----

    /**
     * Starts connecting to {@code host:port}, each allowed address in turn: {@code ["ok", handle]}, and a {@code
     * connected} or {@code connect_failed} event later; or the refusal now.
     */
    @HostAccess.Export
    public synchronized List<Object> connect(String host, int port) {
        if (closed) {
            return SocketError.denied("the loop's sockets are closed").forPython();
        }
        Object resolved = resolve(host, port, false);
        if (resolved instanceof SocketError error) {
            return error.forPython();
        }
        String name = nameOf(host);
        @SuppressWarnings("unchecked")
        Object allowed = allowed(network.connectRules(), name, (List<InetSocketAddress>) resolved);
        if (allowed instanceof SocketError error) {
            return error.forPython();
        }
        Optional<String> full = network.takeSocket();
        if (full.isPresent()) {
            return SocketError.denied("connecting to " + host + ":" + port + " is not allowed: " + full.get()).forPython();
        }
        Connection connection = new Connection(nextId++);
        @SuppressWarnings("unchecked")
        List<InetSocketAddress> candidates = (List<InetSocketAddress>) allowed;
        connection.candidates = candidates;
        connection.name = name;
        connection.connecting = true;
        handles.put(connection.id, connection);
        tryNext(connection, null);
        return List.of("ok", connection.id);
    }

    /** Connects to the next candidate address, or reports the connection failed with {@code lastFailure}. */
    private void tryNext(Connection connection, SocketError lastFailure) {
        while (!connection.candidates.isEmpty()) {
            InetSocketAddress target = connection.candidates.get(0);
            connection.candidates = connection.candidates.subList(1, connection.candidates.size());
            connection.target = target;
            try {
                SocketChannel channel = SocketChannel.open();
                connection.channel = channel;
                channel.configureBlocking(false);
                connection.key = channel.register(selector, 0, connection);
                if (channel.connect(target)) {
                    connected(connection, pending);
                } else {
                    connection.key.interestOps(SelectionKey.OP_CONNECT);
                }
                return;
            } catch (IOException failed) {
                closeQuietly(connection);
                lastFailure = SocketError.of(failed, connectCallFailed(target));
            }
        }
        drop(connection);
        pending.add(NetworkEvent.failed(NetworkEvent.Kind.CONNECT_FAILED, connection.id, lastFailure));
        owner.wake();
    }

    private static String connectCallFailed(InetSocketAddress target) {
        return "Connect call failed " + pythonAddress(target);
    }

    private static String pythonAddress(InetSocketAddress address) {
        return "('" + address.getAddress().getHostAddress() + "', " + address.getPort() + ")";
    }

    private void connected(Connection connection, List<Object> events) {
        connection.connecting = false;
        connection.candidates = List.of();
        interest(connection);
        events.add(NetworkEvent.of(NetworkEvent.Kind.CONNECTED, connection.id));
        owner.wake();
    }

    /** The selector's interest in a connection, from its state. */
    private static void interest(Connection connection) {
        if (connection.key == null || !connection.key.isValid()) {
            return;
        }
        int ops = connection.connecting ? SelectionKey.OP_CONNECT
                : (connection.reading && !connection.inputEnded ? SelectionKey.OP_READ : 0)
                        | (connection.buffered > 0 ? SelectionKey.OP_WRITE : 0);
        connection.key.interestOps(ops);
    }

    private Connection connection(int handle) {
        return handles.get(handle) instanceof Connection connection ? connection : null;
    }

    /**
     * Writes {@code data} (any Python bytes-like object) or buffers what the socket does not take now.
     *
     * @return the bytes buffered after it, or -1 when the connection is gone (a failure comes as an {@code error} event)
     *     or {@code data} is no buffer
     */
    @HostAccess.Export
    public synchronized long write(int handle, Value data) {
        Connection connection = connection(handle);
        if (connection == null || connection.closeAfterFlush || connection.eofAfterFlush || !data.hasBufferElements()) {
            return -1; // a non-buffer only from a direct call: the transport refuses it with TypeError first
        }
        int size = (int) data.getBufferSize();
        if (size == 0) {
            return connection.buffered;
        }
        byte[] bytes = new byte[size];
        data.readBuffer(0, bytes, 0, size);
        ByteBuffer buffer = ByteBuffer.wrap(bytes);
        if (!connection.connecting && connection.out.isEmpty()) {
            try {
                writeSlices(connection.channel, buffer);
            } catch (IOException failed) {
                fail(connection, SocketError.of(failed, "write"), pending);
                owner.wake();
                return -1;
            }
        }
        if (buffer.hasRemaining()) {
            connection.out.add(buffer);
            connection.buffered += buffer.remaining();
            interest(connection);
        }
        return connection.buffered;
    }

    /** Bytes written and not yet taken by the socket. */
    @HostAccess.Export
    public synchronized long buffered(int handle) {
        Handle socket = handles.get(handle);
        return socket instanceof Connection connection ? connection.buffered : socket instanceof Datagram endpoint ? endpoint.buffered : 0;
    }

    /** A {@code drained} event once at most {@code low} bytes are buffered (at once if that is so now). */
    @HostAccess.Export
    public synchronized void drainBelow(int handle, long low) {
        Connection connection = connection(handle);
        if (connection == null) {
            return;
        }
        connection.drainBelow = low;
        if (connection.buffered <= low) {
            connection.drainBelow = -1;
            pending.add(NetworkEvent.drained(handle, connection.buffered));
            owner.wake();
        }
    }

    /** Shuts the output down once the buffer is written out. */
    @HostAccess.Export
    public synchronized void writeEof(int handle) {
        Connection connection = connection(handle);
        if (connection == null) {
            return;
        }
        connection.eofAfterFlush = true;
        if (!connection.connecting && connection.out.isEmpty()) {
            shutdownOutput(connection, pending);
        }
    }

    private void shutdownOutput(Connection connection, List<Object> events) {
        try {
            connection.channel.shutdownOutput();
        } catch (IOException failed) {
            fail(connection, SocketError.of(failed, "write_eof"), events);
        }
    }

    /** Stops or starts reading. */
    @HostAccess.Export
    public synchronized void reading(int handle, boolean on) {
        Connection connection = connection(handle);
        if (connection != null) {
            connection.reading = on;
            interest(connection);
        } else if (handles.get(handle) instanceof Datagram endpoint) {
            endpoint.reading = on;
            datagramInterest(endpoint);
        }
    }

    /**
     * Closes a connection once its buffer is written out, reading no more meanwhile.
     *
     * @return true if it closed now; false if a {@code closed} event comes once the buffer is out
     */
    @HostAccess.Export
    public synchronized boolean close(int handle) {
        Connection connection = connection(handle);
        if (handles.get(handle) instanceof Datagram endpoint && !endpoint.out.isEmpty()) {
            endpoint.reading = false;
            endpoint.closeAfterFlush = true;
            datagramInterest(endpoint);
            return false;
        }
        if (connection == null) {
            Handle other = handles.get(handle);
            if (other != null) {
                drop(other);
            }
            return true;
        }
        connection.reading = false;
        if (connection.connecting || connection.out.isEmpty()) {
            drop(connection);
            return true;
        }
        connection.closeAfterFlush = true;
        interest(connection);
        return false;
    }

    /** Closes a socket now, dropping what is buffered. */
    @HostAccess.Export
    public synchronized void abort(int handle) {
        Handle socket = handles.get(handle);
        if (socket != null) {
            drop(socket);
        }
    }

    /**
     * The socket's own or its peer's address as Python's socket module gives it: {@code [host, port]}, or {@code [host,
     * port, 0, 0]} for IPv6; null when there is none.
     */
    @HostAccess.Export
    public synchronized List<Object> address(int handle, boolean peer) {
        Handle socket = handles.get(handle);
        try {
            SocketAddress address = socket == null ? null
                    : socket instanceof Listener listener ? listener.channel.getLocalAddress()
                    : socket instanceof Datagram endpoint ? (peer ? endpoint.channel.getRemoteAddress() : endpoint.channel.getLocalAddress())
                    : peer ? ((Connection) socket).channel.getRemoteAddress() : ((Connection) socket).channel.getLocalAddress();
            return address == null ? null : pythonAddressOf((InetSocketAddress) address);
        } catch (IOException closed) {
            return null;
        }
    }

    /** An address as Python's socket module gives it: {@code [host, port]}, or {@code [host, port, 0, 0]} for IPv6. */
    private static List<Object> pythonAddressOf(InetSocketAddress address) {
        String host = address.getAddress().getHostAddress();
        return address.getAddress() instanceof Inet6Address ? List.of(host.replaceFirst("%.*$", ""), address.getPort(), 0, 0)
                : List.of(host, address.getPort());
    }

    // ---- listening ----

    /**
     * Binds a listening socket on each allowed address of {@code host} (null or empty: the wildcards the policy
     * names): {@code ["ok", handle...]}, accepting once {@link #accepting} says so; or the refusal or failure.
     */
    @HostAccess.Export
    public synchronized List<Object> listen(String host, int port, int backlog) {
        if (closed) {
            return SocketError.denied("the loop's sockets are closed").forPython();
        }
        Object resolved = resolve(host, port, true);
        if (resolved instanceof SocketError error) {
            return error.forPython();
        }
        @SuppressWarnings("unchecked")
        Object allowed = allowed(network.listenRules(), nameOf(host), (List<InetSocketAddress>) resolved);
        if (allowed instanceof SocketError error) {
            return error.forPython();
        }
        List<Object> result = new ArrayList<>();
        result.add("ok");
        List<Listener> bound = new ArrayList<>();
        for (Object item : (List<?>) allowed) {
            InetSocketAddress address = (InetSocketAddress) item;
            Optional<String> full = network.takeSocket();
            SocketError failure = full.map(why -> SocketError.denied("listening on " + EndpointRules.shown(null, address)
                    + " is not allowed: " + why)).orElse(null);
            if (failure == null) {
                Listener listener = null;
                try {
                    ServerSocketChannel channel = ServerSocketChannel.open();
                    listener = new Listener(nextId++, channel);
                    handles.put(listener.id, listener);
                    channel.configureBlocking(false);
                    channel.bind(address, Math.max(1, backlog));
                    listener.key = channel.register(selector, 0, listener);
                    bound.add(listener);
                    result.add(listener.id);
                    continue;
                } catch (IOException failed) {
                    if (listener != null) {
                        drop(listener);
                    } else {
                        network.giveSocketBack();
                    }
                    failure = SocketError.of(failed, "error while attempting to bind on address " + pythonAddress(address));
                }
            }
            bound.forEach(this::drop);
            return failure.forPython();
        }
        return result;
    }

    /** Starts or stops accepting on a listening socket. */
    @HostAccess.Export
    public synchronized void accepting(int handle, boolean on) {
        if (handles.get(handle) instanceof Listener listener && listener.key.isValid()) {
            listener.key.interestOps(on ? SelectionKey.OP_ACCEPT : 0);
        }
    }

    // ---- datagrams ----

    /**
     * A UDP endpoint (asyncio's {@code create_datagram_endpoint}): bound on {@code localHost:localPort} if given (a
     * listen address of the policy), connected to {@code remoteHost:remotePort} if given (a connect target), and with
     * neither bound on the wildcard of {@code family} at an ephemeral port, which the policy must allow as a listen
     * address too: such a socket receives from anyone. {@code family} is 4, 6 or 0 (either). Returns {@code ["ok",
     * handle]}, reading once {@link #reading} says so; or the refusal or failure.
     */
    @HostAccess.Export
    public synchronized List<Object> datagram(String localHost, int localPort, String remoteHost, int remotePort, int family) {
        if (closed) {
            return SocketError.denied("the loop's sockets are closed").forPython();
        }
        boolean hasLocal = localHost != null;
        boolean hasRemote = remoteHost != null;
        List<InetSocketAddress> remotes = List.of();
        if (hasRemote) {
            Object allowed = checked(network.connectRules(), remoteHost, remotePort, false, family);
            if (allowed instanceof SocketError error) {
                return error.forPython();
            }
            remotes = addresses(allowed);
        }
        List<InetSocketAddress> locals = List.of();
        if (hasLocal || !hasRemote) {
            Object allowed = hasLocal ? checked(network.listenRules(), localHost, localPort, true, family)
                    : checked(network.listenRules(), family == 6 ? "::" : "0.0.0.0", 0, true, family);
            if (allowed instanceof SocketError error) {
                return error.forPython();
            }
            locals = addresses(allowed);
        }
        InetSocketAddress remote = null;
        InetSocketAddress local = null;
        if (hasRemote) {
            for (InetSocketAddress candidate : remotes) {
                local = locals.stream().filter(each -> sameFamily(each, candidate)).findFirst().orElse(null);
                if (local != null || locals.isEmpty()) {
                    remote = candidate;
                    break;
                }
            }
            if (remote == null) {
                return new SocketError("ValueError", 0, "can not get address information").forPython();
            }
        } else {
            local = locals.get(0);
        }
        Optional<String> full = network.takeSocket();
        if (full.isPresent()) {
            InetSocketAddress shown = remote != null ? remote : local;
            return SocketError.denied("a datagram endpoint for " + EndpointRules.shown(null, shown) + " is not allowed: "
                    + full.get()).forPython();
        }
        Datagram endpoint = null;
        try {
            boolean six = (remote != null ? remote : local).getAddress() instanceof Inet6Address;
            DatagramChannel channel = DatagramChannel.open(six ? StandardProtocolFamily.INET6 : StandardProtocolFamily.INET);
            endpoint = new Datagram(nextId++, channel);
            handles.put(endpoint.id, endpoint);
            channel.configureBlocking(false);
            if (local != null) {
                channel.bind(local);
            }
            if (remote != null) {
                channel.connect(remote); // the kernel then takes datagrams from the remote address only
            }
            endpoint.key = channel.register(selector, 0, endpoint);
            return List.of("ok", endpoint.id);
        } catch (IOException failed) {
            if (endpoint != null) {
                drop(endpoint);
            } else {
                network.giveSocketBack();
            }
            InetSocketAddress at = local != null ? local : remote;
            return SocketError.of(failed, "error while attempting to bind on address " + pythonAddress(at)).forPython();
        }
    }

    /** The addresses of {@code host:port} of {@code family} (0: any) that {@code rules} allow, or why none. */
    private Object checked(EndpointRules rules, String host, int port, boolean listening, int family) {
        Object resolved = resolve(host, port, listening);
        if (resolved instanceof SocketError error) {
            return error;
        }
        List<InetSocketAddress> ofFamily = addresses(resolved).stream()
                .filter(address -> family == 0 || (address.getAddress() instanceof Inet6Address) == (family == 6)).toList();
        if (ofFamily.isEmpty()) {
            return new SocketError("gaierror", SocketError.EAI_NONAME, "no address of the family asked for: " + host);
        }
        return allowed(rules, nameOf(host), ofFamily);
    }

    @SuppressWarnings("unchecked")
    private static List<InetSocketAddress> addresses(Object checked) {
        return (List<InetSocketAddress>) checked;
    }

    private static boolean sameFamily(InetSocketAddress one, InetSocketAddress other) {
        return (one.getAddress() instanceof Inet6Address) == (other.getAddress() instanceof Inet6Address);
    }

    /**
     * Sends {@code data} (a Python bytes-like object) to {@code host:port}, or with {@code host} null to the endpoint's
     * remote address; what the socket does not take now waits in order. A target is checked as a connect target on
     * the address Java sends to. Returns {@code ["ok", bytes waiting]}, or the refusal; a send that fails comes as a
     * {@code datagram_error} event, and the endpoint goes on.
     */
    @HostAccess.Export
    public synchronized List<Object> sendto(int handle, Value data, String host, int port) {
        if (!(handles.get(handle) instanceof Datagram endpoint) || endpoint.closeAfterFlush) {
            return SocketError.denied("the datagram endpoint is closed").forPython();
        }
        if (!data.hasBufferElements()) {
            // only from a direct call: the transport refuses a non-buffer with TypeError first
            return new SocketError("OSError", 0, "a datagram is a bytes-like object").forPython();
        }
        InetSocketAddress target = null;
        if (host == null && !endpoint.channel.isConnected()) {
            return new SocketError("OSError", SocketError.EDESTADDRREQ, "Destination address required").forPython();
        }
        if (host != null) {
            Object allowed = checked(network.connectRules(), host, port, false, 0);
            if (allowed instanceof SocketError error) {
                return error.forPython();
            }
            List<InetSocketAddress> targets = addresses(allowed);
            InetSocketAddress own = (InetSocketAddress) localAddress(endpoint.channel);
            target = targets.stream().filter(each -> own == null || sameFamily(each, own)).findFirst().orElse(targets.get(0));
        }
        byte[] bytes = new byte[(int) data.getBufferSize()];
        data.readBuffer(0, bytes, 0, bytes.length);
        Outgoing datagram = new Outgoing(ByteBuffer.wrap(bytes), target);
        if (endpoint.out.isEmpty()) {
            try {
                if (sentNow(endpoint, datagram)) {
                    return List.of("ok", endpoint.buffered);
                }
            } catch (IOException failed) {
                pending.add(sendFailed(endpoint, failed));
                owner.wake();
                return List.of("ok", endpoint.buffered);
            }
        }
        endpoint.out.add(datagram); // the socket has no room now: sent in order once it has
        endpoint.buffered += bytes.length;
        datagramInterest(endpoint);
        return List.of("ok", endpoint.buffered);
    }

    /** Sends one datagram now: false when the socket has no room for it. */
    private static boolean sentNow(Datagram endpoint, Outgoing datagram) throws IOException {
        int sent = datagram.target() == null ? endpoint.channel.write(datagram.data())
                : endpoint.channel.send(datagram.data(), datagram.target());
        return sent > 0 || !datagram.data().hasRemaining();
    }

    /** A send that failed, for the protocol's error_received: the datagram is dropped and the endpoint goes on. */
    private static NetworkEvent sendFailed(Datagram endpoint, IOException failed) {
        return NetworkEvent.failed(NetworkEvent.Kind.DATAGRAM_ERROR, endpoint.id, SocketError.of(failed, "sendto"));
    }

    private static SocketAddress localAddress(DatagramChannel channel) {
        try {
            return channel.getLocalAddress();
        } catch (IOException closed) {
            return null;
        }
    }

    private static void datagramInterest(Datagram endpoint) {
        if (endpoint.key != null && endpoint.key.isValid()) {
            endpoint.key.interestOps((endpoint.reading ? SelectionKey.OP_READ : 0) | (endpoint.out.isEmpty() ? 0 : SelectionKey.OP_WRITE));
        }
    }

    private void ready(Datagram endpoint, SelectionKey key, List<Object> events) {
        if (key.isValid() && key.isWritable()) {
            while (!endpoint.out.isEmpty()) {
                Outgoing head = endpoint.out.peek();
                try {
                    if (!sentNow(endpoint, head)) {
                        break;
                    }
                } catch (IOException failed) {
                    events.add(sendFailed(endpoint, failed));
                }
                endpoint.out.poll();
                endpoint.buffered -= head.data().capacity();
            }
            if (endpoint.out.isEmpty() && endpoint.closeAfterFlush) {
                drop(endpoint);
                events.add(NetworkEvent.of(NetworkEvent.Kind.CLOSED, endpoint.id));
                return;
            }
            datagramInterest(endpoint);
        }
        if (key.isValid() && key.isReadable() && endpoint.reading) {
            receive(endpoint, events);
        }
    }

    private void receive(Datagram endpoint, List<Object> events) {
        for (int i = 0; i < DATAGRAMS_PER_SELECT; i++) {
            readBuffer.clear();
            SocketAddress from;
            try {
                from = endpoint.channel.receive(readBuffer);
            } catch (IOException failed) {
                // e.g. an ICMP port unreachable for an earlier datagram: the protocol's error_received, and it goes on
                events.add(NetworkEvent.failed(NetworkEvent.Kind.DATAGRAM_ERROR, endpoint.id, SocketError.of(failed, "recvfrom")));
                return;
            }
            if (from == null) {
                return;
            }
            events.add(NetworkEvent.datagram(endpoint.id, Arrays.copyOf(readBuffer.array(), readBuffer.position()),
                    pythonAddressOf((InetSocketAddress) from)));
        }
    }

    // ---- readiness, on the loop's thread after each select ----

    /** The events of the sockets the selector found ready, and those of calls since the last select. */
    synchronized List<Object> collect(List<Object> events) {
        if (closed) {
            return events;
        }
        Iterator<SelectionKey> ready = selector.selectedKeys().iterator();
        while (ready.hasNext()) {
            SelectionKey key = ready.next();
            ready.remove();
            try {
                if (key.attachment() instanceof Listener listener) {
                    accept(listener, events);
                } else if (key.attachment() instanceof Connection connection) {
                    ready(connection, key, events);
                } else if (key.attachment() instanceof Datagram endpoint) {
                    ready(endpoint, key, events);
                }
            } catch (CancelledKeyException closedMeanwhile) {
                // closed by a call in this same batch: nothing more to report
            }
        }
        events.addAll(pending);
        pending.clear();
        return events;
    }

    private void ready(Connection connection, SelectionKey key, List<Object> events) {
        if (connection.connecting) {
            if (key.isConnectable()) {
                try {
                    if (connection.channel.finishConnect()) {
                        connected(connection, events);
                    }
                } catch (IOException failed) {
                    closeQuietly(connection);
                    tryNext(connection, SocketError.of(failed, connectCallFailed(connection.target)));
                }
            }
            return;
        }
        if (key.isValid() && key.isWritable()) {
            flush(connection, events);
        }
        if (key.isValid() && key.isReadable() && connection.reading) {
            read(connection, events);
        }
    }

    private void read(Connection connection, List<Object> events) {
        readBuffer.clear();
        int count;
        try {
            count = connection.channel.read(readBuffer);
        } catch (IOException failed) {
            fail(connection, SocketError.of(failed, "read"), events);
            return;
        }
        if (count < 0) {
            connection.inputEnded = true;
            interest(connection);
            events.add(NetworkEvent.of(NetworkEvent.Kind.EOF, connection.id));
        } else if (count > 0) {
            events.add(NetworkEvent.data(connection.id, Arrays.copyOf(readBuffer.array(), count)));
        }
    }

    private void flush(Connection connection, List<Object> events) {
        try {
            while (!connection.out.isEmpty()) {
                ByteBuffer head = connection.out.peek();
                int written = writeSlices(connection.channel, head);
                connection.buffered -= written;
                if (head.hasRemaining()) {
                    break;
                }
                connection.out.poll();
            }
        } catch (IOException failed) {
            fail(connection, SocketError.of(failed, "write"), events);
            return;
        }
        if (connection.drainBelow >= 0 && connection.buffered <= connection.drainBelow) {
            connection.drainBelow = -1;
            events.add(NetworkEvent.drained(connection.id, connection.buffered));
        }
        if (connection.out.isEmpty()) {
            if (connection.closeAfterFlush) {
                drop(connection);
                events.add(NetworkEvent.of(NetworkEvent.Kind.CLOSED, connection.id));
                return;
            }
            if (connection.eofAfterFlush) {
                shutdownOutput(connection, events);
            }
        }
        interest(connection);
    }

    /** Writes {@code buffer} {@link #WRITE_SLICE} at a time until the socket takes no more; returns the bytes written. */
    private static int writeSlices(SocketChannel channel, ByteBuffer buffer) throws IOException {
        int total = 0;
        int limit = buffer.limit();
        try {
            while (buffer.hasRemaining()) {
                int slice = Math.min(WRITE_SLICE, limit - buffer.position());
                buffer.limit(buffer.position() + slice);
                int written = channel.write(buffer);
                total += written;
                buffer.limit(limit);
                if (written < slice) {
                    break; // the socket's buffer is full
                }
            }
        } finally {
            buffer.limit(limit);
        }
        return total;
    }

    private void accept(Listener listener, List<Object> events) {
        for (int i = 0; i < ACCEPTS_PER_SELECT; i++) {
            SocketChannel accepted;
            try {
                accepted = listener.channel.accept();
            } catch (IOException failed) {
                return; // the client gave up meanwhile; the next select tries again
            }
            if (accepted == null) {
                return;
            }
            Optional<String> full = network.takeSocket();
            if (full.isPresent()) {
                closeQuietly(accepted);
                events.add(NetworkEvent.failed(NetworkEvent.Kind.REFUSED, listener.id,
                        SocketError.denied("a connection accepted and closed: " + full.get())));
                continue;
            }
            Connection connection = new Connection(nextId++);
            connection.channel = accepted;
            handles.put(connection.id, connection);
            try {
                accepted.configureBlocking(false);
                connection.key = accepted.register(selector, 0, connection);
            } catch (IOException failed) {
                drop(connection);
                continue;
            }
            events.add(NetworkEvent.accepted(listener.id, connection.id));
        }
    }

    // ---- closing ----

    private void fail(Connection connection, SocketError error, List<Object> events) {
        drop(connection);
        events.add(NetworkEvent.failed(NetworkEvent.Kind.ERROR, connection.id, error));
    }

    /** Closes a socket, forgets its handle and gives its place back against the limit. */
    private void drop(Handle socket) {
        if (handles.remove(socket.id) == null) {
            return;
        }
        closeQuietly(socket);
        network.giveSocketBack();
    }

    private static void closeQuietly(Handle socket) {
        if (socket.key != null) {
            socket.key.cancel();
        }
        if (socket.channel() != null) {
            closeQuietly(socket.channel());
        }
    }

    private static void closeQuietly(SelectableChannel channel) {
        try {
            channel.close();
        } catch (IOException alreadyBroken) {
            // closed either way
        }
    }

    /** Sockets open now. */
    synchronized int open() {
        return handles.size();
    }

    /** Closes every socket and the selector; no socket opens after. Idempotent; from any thread. */
    synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        for (Handle socket : new ArrayList<>(handles.values())) {
            drop(socket);
        }
        pending.clear();
        try {
            selector.close();
        } catch (IOException alreadyBroken) {
            // closed either way
        }
        network.unregister(this);
    }
}
