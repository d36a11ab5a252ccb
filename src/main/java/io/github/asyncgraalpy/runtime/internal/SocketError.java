package io.github.asyncgraalpy.runtime.internal;

import java.io.IOException;
import java.net.BindException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.PortUnreachableException;
import java.net.SocketTimeoutException;
import java.nio.channels.ClosedChannelException;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * A socket operation's failure as the Python exception CPython raises for it: its type (one of a fixed few, which
 * {@code asyncgraalpy._network} maps to Python's classes), errno and message. Never a Java stack trace.
 */
record SocketError(String pythonType, int errno, String message) {

    static final int EPERM = 1;
    static final int EPIPE = 32;
    static final int EADDRINUSE = 98;
    static final int EADDRNOTAVAIL = 99;
    static final int EDESTADDRREQ = 89;
    static final int EMSGSIZE = 90;
    static final int ENETUNREACH = 101;
    static final int ECONNRESET = 104;
    static final int ETIMEDOUT = 110;
    static final int ECONNREFUSED = 111;
    static final int EHOSTUNREACH = 113;
    static final int EAI_NONAME = -2;

    /** A refusal by the policy or the limit. */
    static SocketError denied(String why) {
        return new SocketError("PermissionError", EPERM, why);
    }

    /** A host name that does not resolve, as {@code socket.gaierror}. */
    static SocketError unknownHost(String host) {
        return new SocketError("gaierror", EAI_NONAME, "Name or service not known: " + host);
    }

    /** What {@code failure} means in Python, {@code doing} what failed ({@code "Connect call failed ('127.0.0.1', 1)"}). */
    static SocketError of(IOException failure, String doing) {
        String text = String.valueOf(failure.getMessage()).toLowerCase(Locale.ROOT);
        if (failure instanceof PortUnreachableException) {
            // A datagram's ICMP port unreachable, as Linux reports it to the next call on the socket.
            return new SocketError("ConnectionRefusedError", ECONNREFUSED, "Connection refused");
        }
        if (text.contains("message too long")) {
            return new SocketError("OSError", EMSGSIZE, "Message too long");
        }
        if (failure instanceof ConnectException && text.contains("refused")) {
            return new SocketError("ConnectionRefusedError", ECONNREFUSED, doing);
        }
        if (failure instanceof NoRouteToHostException) {
            return new SocketError("OSError", EHOSTUNREACH, doing + ": no route to host");
        }
        if (failure instanceof BindException || text.contains("address already in use")) {
            return text.contains("assign")
                    ? new SocketError("OSError", EADDRNOTAVAIL, doing + ": cannot assign requested address")
                    : new SocketError("OSError", EADDRINUSE, doing + ": address already in use");
        }
        if (failure instanceof SocketTimeoutException || text.contains("timed out")) {
            return new SocketError("TimeoutError", ETIMEDOUT, doing + ": connection timed out");
        }
        if (text.contains("connection reset")) {
            return new SocketError("ConnectionResetError", ECONNRESET, "Connection reset by peer");
        }
        if (text.contains("broken pipe")) {
            return new SocketError("BrokenPipeError", EPIPE, "Broken pipe");
        }
        if (text.contains("network is unreachable")) {
            return new SocketError("OSError", ENETUNREACH, doing + ": network is unreachable");
        }
        if (failure instanceof ClosedChannelException) {
            return new SocketError("OSError", 0, doing + ": the socket is closed");
        }
        return new SocketError("OSError", 0, doing + ": " + failure.getClass().getSimpleName() + ": " + failure.getMessage());
    }

    /** {@code ["error", type, errno, message]}: how a failed call returns to Python. */
    List<Object> forPython() {
        return Arrays.asList("error", pythonType, errno, message);
    }
}
