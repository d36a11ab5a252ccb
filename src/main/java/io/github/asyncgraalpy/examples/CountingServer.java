package io.github.asyncgraalpy.examples;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import org.graalvm.polyglot.HostAccess;

/**
 * A TCP server in plain Java, for {@code flow_control.py}'s client: it accepts one connection and reads nothing
 * until {@link #release}, so the client's buffers fill; then it counts every byte up to the client's end of stream
 * and answers the count as a line. One daemon thread does it all, with blocking JDK sockets.
 */
public final class CountingServer implements AutoCloseable {

    private final ServerSocket listening;
    private final CountDownLatch released = new CountDownLatch(1);
    private final Thread serving;

    private CountingServer() throws IOException {
        listening = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
        serving = new Thread(this::serveOne, "CountingServer on port " + listening.getLocalPort());
        serving.setDaemon(true);
        serving.start();
    }

    /** A server on an ephemeral loopback port, as a future: the script awaits it as it awaits its own server's start. */
    @HostAccess.Export
    public static CompletableFuture<CountingServer> start() {
        try {
            return CompletableFuture.completedFuture(new CountingServer());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @HostAccess.Export
    public int port() {
        return listening.getLocalPort();
    }

    /** Lets the server read. */
    @HostAccess.Export
    public void release() {
        released.countDown();
    }

    /** Stops listening; a connection being served ends when the client's does. */
    @HostAccess.Export
    @Override
    public void close() {
        released.countDown(); // a server never released would wait for good
        try {
            listening.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void serveOne() {
        try (Socket connection = listening.accept()) {
            released.await();
            long received = 0;
            byte[] buffer = new byte[65_536];
            InputStream in = connection.getInputStream();
            for (int read = in.read(buffer); read >= 0; read = in.read(buffer)) {
                received += read;
            }
            connection.getOutputStream().write((received + "\n").getBytes(StandardCharsets.US_ASCII));
        } catch (IOException closed) {
            // close() before a client came, or the client went: nothing to answer
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
        }
    }
}
