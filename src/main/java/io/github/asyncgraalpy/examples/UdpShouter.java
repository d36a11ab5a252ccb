package io.github.asyncgraalpy.examples;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.concurrent.CompletableFuture;
import org.graalvm.polyglot.HostAccess;

/**
 * A UDP echo server in plain Java, for {@code udp_echo.py}'s client: each datagram back to its sender, upper-cased,
 * from a daemon thread that blocks in {@link DatagramSocket#receive} until {@link #close} closes the socket.
 */
public final class UdpShouter implements AutoCloseable {

    private final DatagramSocket socket;
    private final Thread answering;

    private UdpShouter() throws IOException {
        socket = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        answering = new Thread(this::answer, "UdpShouter on port " + socket.getLocalPort());
        answering.setDaemon(true);
        answering.start();
    }

    /** A server on an ephemeral loopback port, as a future: the script awaits it as it awaits its own server's start. */
    @HostAccess.Export
    public static CompletableFuture<UdpShouter> start() {
        try {
            return CompletableFuture.completedFuture(new UdpShouter());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @HostAccess.Export
    public int port() {
        return socket.getLocalPort();
    }

    /** Closes the socket, which ends the thread's receive. */
    @HostAccess.Export
    @Override
    public void close() {
        socket.close();
    }

    /** {@code bytes.upper()}: ASCII letters only, as Python's, so the twin's answers are the script's. */
    private static byte[] upper(byte[] buffer, int length) {
        byte[] upper = new byte[length];
        for (int i = 0; i < length; i++) {
            byte b = buffer[i];
            upper[i] = b >= 'a' && b <= 'z' ? (byte) (b - ('a' - 'A')) : b;
        }
        return upper;
    }

    private void answer() {
        byte[] buffer = new byte[65_536];
        while (!socket.isClosed()) {
            DatagramPacket datagram = new DatagramPacket(buffer, buffer.length);
            try {
                socket.receive(datagram);
                byte[] shouted = upper(buffer, datagram.getLength());
                socket.send(new DatagramPacket(shouted, shouted.length, datagram.getSocketAddress()));
            } catch (IOException closed) {
                return; // close() closed the socket: receive ends with a SocketException, and so does the thread
            }
        }
    }
}
