package io.github.asyncgraalpy.runtime;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.github.asyncgraalpy.testing.SharedPythonContext;
import io.github.asyncgraalpy.testing.TestRuntime;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.graalvm.polyglot.Value;

/** What the network tests share: plain Java servers on loopback, a free port, and the JVM's open socket descriptors. */
final class LoopbackServers {

    private LoopbackServers() {}

    /** A plain Java server on a thread of its own: each connection handled by {@code handler} on a thread of its own. */
    static final class JavaServer implements AutoCloseable {
        final ServerSocket socket;
        private final List<Socket> accepted = new ArrayList<>();

        /** {@code receiveBuffer} 0 leaves the system's. */
        JavaServer(int receiveBuffer, Consumer<Socket> handler) throws IOException {
            this(unbound(receiveBuffer), handler);
        }

        /** Binds {@code unbound} (a plain or TLS server socket) to an ephemeral loopback port. */
        JavaServer(ServerSocket unbound, Consumer<Socket> handler) throws IOException {
            socket = unbound;
            socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
            Thread acceptor = new Thread(() -> {
                while (!socket.isClosed()) {
                    try {
                        Socket connection = socket.accept();
                        synchronized (accepted) {
                            accepted.add(connection);
                        }
                        Thread handling = new Thread(() -> handler.accept(connection));
                        handling.setDaemon(true);
                        handling.start();
                    } catch (IOException closed) {
                        return;
                    }
                }
            }, "loopback test server");
            acceptor.setDaemon(true);
            acceptor.start();
        }

        private static ServerSocket unbound(int receiveBuffer) throws IOException {
            ServerSocket socket = new ServerSocket();
            if (receiveBuffer > 0) {
                socket.setReceiveBufferSize(receiveBuffer);
            }
            return socket;
        }

        /** How many connections it accepted so far. */
        int acceptedCount() {
            synchronized (accepted) {
                return accepted.size();
            }
        }

        int port() {
            return socket.getLocalPort();
        }

        /** Closes the listening socket and every connection it accepted. */
        @Override
        public void close() throws IOException {
            socket.close();
            synchronized (accepted) {
                for (Socket connection : accepted) {
                    connection.close();
                }
            }
        }
    }

    /** A server that sends back what each client sends, until the client goes. */
    static JavaServer echo() throws IOException {
        return new JavaServer(0, LoopbackServers::echoUntilGone);
    }

    /** Sends back what {@code socket} receives until its client goes (or a TLS handshake fails), then closes it. */
    static void echoUntilGone(Socket socket) {
        try (socket) {
            socket.getInputStream().transferTo(socket.getOutputStream());
        } catch (IOException gone) {
            // the client went
        }
    }

    /**
     * The network test classes' runtime: Python may connect to the given servers' ports, to {@code closedPort} (nothing
     * listens there) and {@code pairPort}, and to the name {@code localhost} (by name only: its address is not listed
     * but at those ports); it may listen on an ephemeral loopback port and on {@code pairPort}.
     */
    static GraalPyRuntime runtimeReaching(int maxSockets, OutputStream out, OutputStream err, int closedPort,
            int pairPort, int... serverPorts) {
        List<String> connect = new ArrayList<>();
        for (int port : serverPorts) {
            connect.add("127.0.0.1:" + port);
        }
        connect.addAll(List.of("127.0.0.1:" + closedPort, "127.0.0.1:" + pairPort, "localhost"));
        NetworkPolicy policy = NetworkPolicy.allowing(connect.toArray(String[]::new))
                .listeningOn("127.0.0.1:0", "127.0.0.1:" + pairPort)
                .maxSockets(maxSockets);
        return GraalPyRuntime.builder().network(policy).pythonMayLookUpPackages(TestRuntime.PYTHON_FACING)
                .output(out, err).build();
    }

    /** Closes what a network test class started, those that started (null: did not). */
    static void closeAll(PythonContext python, GraalPyRuntime runtime, JavaServer... servers) throws IOException {
        if (python != null) {
            python.close();
        }
        if (runtime != null) {
            runtime.close();
        }
        for (JavaServer server : servers) {
            if (server != null) {
                server.close();
            }
        }
    }

    /**
     * Python for a prelude: {@code free_sockets()}, how many connections the context may still open to the echo server
     * at port {@code ECHO} (at most {@code MAX + 1} tried): {@code MAX} unless something leaked against the limit.
     */
    static final String FREE_SOCKETS = String.join("\n",
            "async def free_sockets():",
            "    opened = []",
            "    try:",
            "        while len(opened) < MAX + 1:",
            "            opened.append((await asyncio.open_connection('127.0.0.1', ECHO))[1])",
            "    except PermissionError:",
            "        pass",
            "    for writer in opened:",
            "        writer.transport.abort()",
            "    await asyncio.sleep(0.01)",
            "    return len(opened)");

    /** {@code prelude}, then {@code body} as the statements of {@code async def main()}, run by asyncio.run. */
    static String mainScript(String prelude, String... body) {
        return String.join("\n",
                prelude,
                "async def main():",
                String.join("\n", body).indent(4).stripTrailing(),
                "result = asyncio.run(main())");
    }

    /** {@link #mainScript} run in {@code python}; its {@code result}. */
    static Value runMain(PythonContext python, String prelude, String... body) {
        return python.runScript(mainScript(prelude, body), "<network test>").getHashValue("result");
    }

    /** {@code [type, str]} of what {@link #mainScript} raised in {@code python}, or an empty list. */
    static List<String> raisedByMain(PythonContext python, String prelude, String... body) {
        return SharedPythonContext.raised(python, mainScript(prelude, body), "Exception");
    }

    /** A loopback port nobody listens on (now). */
    static int freePort() throws IOException {
        try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return probe.getLocalPort();
        }
    }

    /**
     * The JVM's open sockets, selectors and selector wake-ups (what a leaked server, connection or loop holds), each
     * with its descriptor number: files other threads of the test JVM open meanwhile (class files, jars) do not count.
     */
    static List<String> openSocketDescriptors() throws IOException {
        assumeTrue(Files.isDirectory(Path.of("/proc/self/fd")), "counts descriptors in /proc/self/fd (Linux)");
        try (Stream<Path> descriptors = Files.list(Path.of("/proc/self/fd"))) {
            return descriptors.map(descriptor -> {
                try {
                    return Files.readSymbolicLink(descriptor) + " (descriptor " + descriptor.getFileName() + ")";
                } catch (IOException closedMeanwhile) {
                    return "";
                }
            }).filter(target -> target.startsWith("socket:") || target.startsWith("anon_inode:") || target.startsWith("pipe:"))
                    .sorted().toList();
        }
    }
}
