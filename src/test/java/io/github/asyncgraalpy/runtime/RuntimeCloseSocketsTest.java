package io.github.asyncgraalpy.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Closing a runtime closes the contexts still open on its engine: their sockets too, on the host, not only once each
 * context's taker closes it (a listening socket left bound on the host after its runtime closed).
 */
@Timeout(120)
class RuntimeCloseSocketsTest {

    private static String connect(int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 1000);
            return "connected";
        } catch (Exception e) {
            return "refused";
        }
    }

    /** A server left listening, its loop left open: the runtime closes under both. Returns its port. */
    private static int listen(PythonContext python) {
        return python.eval(String.join("\n",
                "import asyncio",
                "loop = asyncio.new_event_loop()",
                "server = loop.run_until_complete(asyncio.start_server(lambda reader, writer: writer.close(), '127.0.0.1', 0))",
                "server.sockets[0].getsockname()[1]")).asInt();
    }

    @Test
    void closingTheRuntimeClosesTheSocketsOfItsOpenContexts() {
        GraalPyRuntime runtime = GraalPyRuntime.builder().network(NetworkPolicy.none().listeningOn("127.0.0.1:0")).build();
        PythonContext listening = runtime.newContext(OutputStream.nullOutputStream(), OutputStream.nullOutputStream());
        try {
            int port = listen(listening);
            assertEquals("connected", connect(port), "the script's server listens on the host");
            runtime.close();
            assertEquals("refused", connect(port), "the runtime closed: nothing of its contexts listens on the host any more");
        } finally {
            runtime.close();
            listening.close(); // after its engine closed: returns, closes nothing twice
        }
    }

    /**
     * The same for a runtime on another's engine ({@link GraalPyRuntime#withNetwork}): the engine's owner, which grants
     * no network itself, closes the sockets of the other's contexts with the engine, and the other makes no context
     * after it, saying why.
     */
    @Test
    void closingTheEnginesOwnerClosesTheSocketsOfTheContextsOfARuntimeOnItsEngine() {
        GraalPyRuntime owner = GraalPyRuntime.builder().build();
        GraalPyRuntime networked = owner.withNetwork(NetworkPolicy.none().listeningOn("127.0.0.1:0"));
        PythonContext listening = networked.newContext(OutputStream.nullOutputStream(), OutputStream.nullOutputStream());
        try {
            int port = listen(listening);
            assertEquals("connected", connect(port), "the script's server listens on the host");
            owner.close();
            assertEquals("refused", connect(port), "the engine closed: nothing of its contexts listens on the host any more");
            assertTrue(networked.isClosed(), "a runtime on a closed engine is closed");
            IllegalStateException refused = assertThrows(IllegalStateException.class,
                    () -> networked.newContext(OutputStream.nullOutputStream(), OutputStream.nullOutputStream()));
            assertEquals("the runtime is closed: it makes no more contexts", refused.getMessage());
        } finally {
            owner.close();
            listening.close();
        }
    }
}
