package io.github.asyncgraalpy.testing.pythonfacing;

import java.io.IOException;
import java.net.InetAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.graalvm.polyglot.HostAccess;

/** Many plain {@link Socket}s at once, on a Java thread of their own: the far side of a flood of a Python server. */
public final class FloodingJavaClient {

    private FloodingJavaClient() {}

    /**
     * Opens {@code count} connections to {@code 127.0.0.1:port}, holds them until the server has closed {@code expected}
     * of them (read at end of stream or reset) or {@code limitMillis} passed, looks once more at the others, then says
     * how many the server had closed by then, and closes them all. (A fixed hold let a busy machine's late loop look
     * like a server that closed too few.)
     */
    @HostAccess.Export
    public static CompletableFuture<Integer> closedOf(int port, int count, int expected, int limitMillis) {
        CompletableFuture<Integer> closed = new CompletableFuture<>();
        Thread flooding = new Thread(() -> {
            List<Socket> sockets = new ArrayList<>();
            try {
                for (int i = 0; i < count; i++) {
                    Socket socket = new Socket(InetAddress.getLoopbackAddress(), port);
                    socket.setSoTimeout(20);
                    sockets.add(socket);
                }
                long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(limitMillis);
                List<Socket> open = new ArrayList<>(sockets);
                int ended = 0;
                boolean lastLook = false;
                while (true) {
                    for (Iterator<Socket> it = open.iterator(); it.hasNext(); ) {
                        if (endedByServer(it.next())) {
                            ended++;
                            it.remove();
                        }
                    }
                    if (lastLook || open.isEmpty()) {
                        break;
                    }
                    lastLook = ended >= expected || System.nanoTime() > deadline;
                }
                closed.complete(ended);
            } catch (IOException | RuntimeException failed) {
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

    /** True when the server closed {@code socket} (end of stream or reset); false when it is still open 20 ms on. */
    private static boolean endedByServer(Socket socket) {
        try {
            return socket.getInputStream().read() < 0;
        } catch (SocketTimeoutException open) {
            return false;
        } catch (IOException reset) {
            return true;
        }
    }
}