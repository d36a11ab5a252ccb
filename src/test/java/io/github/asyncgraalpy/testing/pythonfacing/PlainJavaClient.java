package io.github.asyncgraalpy.testing.pythonfacing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import org.graalvm.polyglot.HostAccess;

/** A plain {@link Socket} client on a Java thread, for Python to await: the far side of a test of Python's server. */
public final class PlainJavaClient {

    private PlainJavaClient() {}

    /** Connects to {@code 127.0.0.1:port}, sends {@code text} and the end of its output, and reads to the end. */
    @HostAccess.Export
    public static CompletableFuture<String> exchange(int port, String text) {
        return CompletableFuture.supplyAsync(() -> {
            try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), port)) {
                socket.setSoTimeout(20_000);
                socket.getOutputStream().write(text.getBytes(StandardCharsets.UTF_8));
                socket.shutdownOutput();
                return new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
    }
}
