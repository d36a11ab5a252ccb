package io.github.asyncgraalpy.testing.pythonfacing;

import java.io.IOException;
import java.net.InetAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.graalvm.polyglot.HostAccess;

/** Many plain {@link Socket}s at once, on a Java thread of their own: the far side of a flood of a Python server. */
public final class FloodingJavaClient {

    private FloodingJavaClient() {}

    /**
     * Opens {@code count} connections to {@code 127.0.0.1:port}, holds them {@code holdMillis}, then says how many the
     * server had closed by then (read at end of stream or reset), and closes them all.
     */
    @HostAccess.Export
    public static CompletableFuture<Integer> closedOf(int port, int count, int holdMillis) {
        CompletableFuture<Integer> closed = new CompletableFuture<>();
        Thread flooding = new Thread(() -> {
            List<Socket> sockets = new ArrayList<>();
            try {
                for (int i = 0; i < count; i++) {
                    sockets.add(new Socket(InetAddress.getLoopbackAddress(), port));
                }
                Thread.sleep(holdMillis);
                int ended = 0;
                for (Socket socket : sockets) {
                    socket.setSoTimeout(20);
                    try {
                        if (socket.getInputStream().read() < 0) {
                            ended++;
                        }
                    } catch (SocketTimeoutException open) {
                        // still open
                    } catch (IOException reset) {
                        ended++;
                    }
                }
                closed.complete(ended);
            } catch (IOException | InterruptedException | RuntimeException failed) {
                closed.completeExceptionally(failed);
            } finally {
                for (Socket socket : sockets) {
                    try {
                        socket.close();
                    } catch (IOException ignored) {
                        // closed either way
                    }
                }
            }
        }, "flooding client");
        flooding.setDaemon(true);
        flooding.start();
        return closed;
    }
}
