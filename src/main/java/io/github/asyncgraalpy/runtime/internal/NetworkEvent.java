package io.github.asyncgraalpy.runtime.internal;

import java.nio.ByteOrder;
import org.graalvm.polyglot.HostAccess;
import org.graalvm.polyglot.Value;

/**
 * What a loop's sockets did, for the loop's Python half: made by {@link LoopSockets} on the loop's thread, as
 * {@link JavaSelector#select} returns it among the inbox's events, and applied by the Python type registered for it
 * ({@code asyncgraalpy._network}). It names a socket by its handle, a number of the loop's own, never a channel.
 */
public final class NetworkEvent {

    /** What happened; its Python name is the constant's, in lower case. */
    enum Kind {
        /** A connection being made is made. */
        CONNECTED,
        /** A connection being made failed: {@link #error()}. */
        CONNECT_FAILED,
        /** A listening socket accepted a connection: {@link #other()} is its handle. */
        ACCEPTED,
        /** A listening socket accepted a connection and closed it: the context is at its limit ({@link #error()}). */
        REFUSED,
        /** Bytes arrived: {@link #copyInto}. */
        DATA,
        /** The peer closed its side. */
        EOF,
        /** The connection failed and is closed: {@link #error()}. */
        ERROR,
        /** The write buffer went down to the mark the transport asked for: {@link #size()} is left. */
        DRAINED,
        /** A connection or datagram endpoint closed after its buffer was written out. */
        CLOSED,
        /** A datagram arrived: {@link #copyInto}, from {@link #sender()}. */
        DATAGRAM,
        /** A datagram endpoint's send or receive failed, and it goes on (the protocol's error_received): {@link #error()}. */
        DATAGRAM_ERROR
    }

    private final Kind kind;
    private final int handle;
    private final int other;
    private final byte[] data;
    private final SocketError error;
    private final long size;
    private final java.util.List<Object> from;

    private NetworkEvent(Kind kind, int handle, int other, byte[] data, SocketError error, long size) {
        this(kind, handle, other, data, error, size, null);
    }

    private NetworkEvent(Kind kind, int handle, int other, byte[] data, SocketError error, long size, java.util.List<Object> from) {
        this.kind = kind;
        this.handle = handle;
        this.other = other;
        this.data = data;
        this.error = error;
        this.size = size;
        this.from = from;
    }

    static NetworkEvent of(Kind kind, int handle) {
        return new NetworkEvent(kind, handle, 0, null, null, 0);
    }

    static NetworkEvent accepted(int listener, int connection) {
        return new NetworkEvent(Kind.ACCEPTED, listener, connection, null, null, 0);
    }

    /** {@code bytes} is the event's own from here on (a copy of what was read). */
    static NetworkEvent data(int handle, byte[] bytes) {
        return new NetworkEvent(Kind.DATA, handle, 0, bytes, null, 0);
    }

    static NetworkEvent datagram(int handle, byte[] bytes, java.util.List<Object> from) {
        return new NetworkEvent(Kind.DATAGRAM, handle, 0, bytes, null, 0, from);
    }

    static NetworkEvent failed(Kind kind, int handle, SocketError error) {
        return new NetworkEvent(kind, handle, 0, null, error, 0);
    }

    static NetworkEvent drained(int handle, long size) {
        return new NetworkEvent(Kind.DRAINED, handle, 0, null, null, size);
    }

    /** What happened, as Python names it ({@code "data"}, {@code "eof"}, ...). */
    @HostAccess.Export
    public String kind() {
        return kind.name().toLowerCase(java.util.Locale.ROOT);
    }

    /** The socket's handle. */
    @HostAccess.Export
    public int handle() {
        return handle;
    }

    /** For {@code accepted}: the new connection's handle. */
    @HostAccess.Export
    public int other() {
        return other;
    }

    /** For {@code data} and {@code datagram}: how many bytes arrived (0 for the other kinds). */
    @HostAccess.Export
    public int dataSize() {
        return data == null ? 0 : data.length;
    }

    /**
     * For {@code data} and {@code datagram}: writes the bytes into {@code target}, a writable Python buffer of at least
     * {@link #dataSize()} bytes (a {@code bytearray}), and returns how many; 0 if it is none. Python gets its own copy
     * and no Java object to keep: GraalPy 25.0.3 makes no {@code bytes} of a host buffer, and the polyglot API has no
     * bulk write, so eight bytes a call, which is still 2-4 times quicker than a latin-1 string that Python encodes
     * (docs/network.md, "What it costs").
     */
    @HostAccess.Export
    public int copyInto(Value target) {
        if (data == null || !target.hasBufferElements() || !target.isBufferWritable() || target.getBufferSize() < data.length) {
            return 0;
        }
        int at = 0;
        for (; at + Long.BYTES <= data.length; at += Long.BYTES) {
            target.writeBufferLong(ByteOrder.LITTLE_ENDIAN, at, littleEndianLong(at));
        }
        for (; at < data.length; at++) {
            target.writeBufferByte(at, data[at]);
        }
        return data.length;
    }

    private long littleEndianLong(int at) {
        long value = 0;
        for (int i = Long.BYTES - 1; i >= 0; i--) {
            value = value << 8 | (data[at + i] & 0xffL);
        }
        return value;
    }

    /** For {@code datagram}: the sender's address as Python's socket module gives it ({@code [host, port]}). */
    @HostAccess.Export
    public java.util.List<Object> sender() {
        return from;
    }

    /** For failures: {@code [python type, errno, message]}. */
    @HostAccess.Export
    public java.util.List<Object> error() {
        return error == null ? null : error.forPython();
    }

    /** For {@code drained}: the bytes still buffered. */
    @HostAccess.Export
    public long size() {
        return size;
    }

    @Override
    public String toString() {
        return "NetworkEvent[" + kind() + " " + handle + "]";
    }
}
