"""TCP and UDP for the Java event loop, the IO done in Java: ``create_connection``, ``create_server`` and ``getaddrinfo``
(and so ``asyncio.open_connection`` and ``asyncio.start_server``) and ``create_datagram_endpoint``, through the
context's network policy.

Python holds a number per socket, a handle of its loop's ``LoopSockets`` (Java), never a socket: the policy check,
the connect, bind, accept, reads and writes are Java's, on the loop's thread, and what they did comes back as
``NetworkEvent``s among the loop's events (``_NetworkEvent._apply``). ``socket.socket`` stays denied (``_guards``).
TLS (``ssl=``, ``start_tls``) is asyncio's ``sslproto`` over these transports (``_tls``).
``loop.sendfile`` is asyncio's fallback (read the file, write the transport); no syscall reaches a file.
Not built: Unix sockets, ``sock_*`` (docs/network.md).
"""

import asyncio
import asyncio.constants
import asyncio.exceptions
import asyncio.futures
import asyncio.log
import asyncio.transports
import errno
import io
import socket

from asyncgraalpy import _tls

_ERRORS = {
    "PermissionError": PermissionError,
    "ConnectionRefusedError": ConnectionRefusedError,
    "ConnectionResetError": ConnectionResetError,
    "BrokenPipeError": BrokenPipeError,
    "TimeoutError": TimeoutError,
    "OSError": OSError,
    "OverflowError": OverflowError,
    "gaierror": socket.gaierror,
    "ValueError": ValueError,
}


def _exception(error):
    """The Python exception for Java's ``["error", type, errno, message]``: one of a fixed few types."""
    kind, number, message = str(error[1]), int(error[2]), str(error[3])
    exception_type = _ERRORS.get(kind, OSError)
    if issubclass(exception_type, OSError) and number:
        return exception_type(number, message)
    return exception_type(message)


def _ok(result):
    """The values of Java's ``["ok", value...]``; its ``["error", ...]`` raised."""
    if str(result[0]) != "ok":
        raise _exception(result)
    return list(result)[1:]


def _not_built(**options):
    for name, value in options.items():
        if value is not None and value is not False:
            raise NotImplementedError(f"{name}= is not built in this sandbox's event loop (see docs/network.md)")


def _port(port):
    if port is None:
        return 0
    if isinstance(port, bytes):
        port = port.decode("ascii")
    if isinstance(port, str) and port.isdigit():
        port = int(port)
    if isinstance(port, bool) or not isinstance(port, int):
        raise OSError(f"port must be a number (service names are not looked up here), not {port!r}")
    if not 0 <= port <= 65535:
        # As CPython's connect and bind; checked here because a port past a Java int cannot even reach Java's check.
        raise OverflowError(f"port must be 0-65535, was {port}")
    return port


def _backlog(backlog):
    """A listen backlog as CPython's socket.listen takes it: below 0 is 0, past a C int an OverflowError."""
    backlog = int(backlog)
    if backlog > 2**31 - 1:
        raise OverflowError("Python int too large to convert to C int")
    return max(backlog, 0)


def _host(host):
    if isinstance(host, bytes):
        host = host.decode("ascii")
    if not isinstance(host, str):
        raise TypeError(f"host must be a str, not {type(host).__name__}")
    return host


def _data_of(event):
    """The bytes of a ``data`` or ``datagram`` event: Java copies them into a bytearray of Python's (no per-byte
    conversion, no Java object kept), which becomes the ``bytes`` asyncio hands to protocols."""
    data = bytearray(event.dataSize())
    event.copyInto(data)
    return bytes(data)


def _address(java_address):
    return None if java_address is None else (str(java_address[0]), *(int(part) for part in list(java_address)[1:]))


def _protocol_for(sockets, handle, protocol_factory):
    """The protocol of a new connection or endpoint; if the factory raises, the socket is dropped, not left open."""
    try:
        return protocol_factory()
    except BaseException:
        sockets.abort(handle)
        raise


def _sockets(loop):
    """The loop's LoopSockets, made on first use (the loop waits in a NIO selector from then on)."""
    sockets = loop._network
    if sockets is None:
        if loop.is_closed():
            raise RuntimeError("Event loop is closed")
        sockets = loop._selector._java.sockets()
        if isinstance(sockets, str):
            if sockets == "closed":
                raise RuntimeError("Event loop is closed")
            raise PermissionError(errno.EPERM, "networking is not allowed: " + sockets)
        loop._network = sockets
        loop._network_handles = {}
    return sockets


class _NetworkEvent:
    """Registered on NetworkEvent: applied on the loop's thread by the socket its handle names, if still there."""

    def _apply(self, loop):
        target = loop._network_handles.get(self.handle()) if loop._network_handles else None
        if target is not None:
            target._network_event(self)
        elif self.kind() == "accepted" and loop._network is not None:
            # Accepted by a listening socket whose server closed earlier in this batch: nobody takes the connection,
            # which would otherwise stay open in Java, against the limit, until the loop closes.
            loop._network.abort(self.other())


class _Connecting:
    """A connection being made: its outcome settles the future create_connection awaits."""

    __slots__ = ("future",)

    def __init__(self, loop):
        self.future = loop.create_future()

    def _network_event(self, event):
        if self.future.done():
            return
        if event.kind() == "connected":
            self.future.set_result(None)
        else:
            self.future.set_exception(_exception(event.error()))


class _JavaHandleEnd:
    """What a transport over a Java socket handle (TCP or UDP) does to end: ``close`` lets Java send what it queued
    first, ``abort`` drops it, and ``connection_lost`` is called once, after which the loop forgets the handle. The
    transports set ``_loop``, ``_sockets``, ``_handle``, ``_protocol``, ``_closing`` and ``_conn_lost``."""

    def get_protocol(self):
        return self._protocol

    def is_closing(self):
        return self._closing

    def get_write_buffer_size(self):
        return 0 if self._conn_lost else self._sockets.buffered(self._handle)

    def close(self):
        if self._closing:
            return
        self._closing = True
        if self._sockets.close(self._handle):
            self._conn_lost += 1
            self._loop.call_soon(self._call_connection_lost, None)
        # else: Java closes it once what it queued is sent, and says so ("closed")

    def abort(self):
        self._force_close(None)

    def _force_close(self, exc):
        if self._conn_lost:
            return
        self._closing = True
        self._sockets.abort(self._handle)
        self._conn_lost += 1
        self._loop.call_soon(self._call_connection_lost, exc)

    def _call_connection_lost(self, exc):
        try:
            if self._protocol is not None:
                self._protocol.connection_lost(exc)
        finally:
            handles = self._loop._network_handles
            if handles is not None and handles.get(self._handle) is self:
                del handles[self._handle]
            self._protocol = None


class _SocketTransport(_JavaHandleEnd, asyncio.transports._FlowControlMixin, asyncio.Transport):
    """asyncio's TCP transport over a Java socket: writes go to Java at once (Java buffers what the socket does not
    take, and says when the buffer drained below the low-water mark), reads come as ``data`` events."""

    _start_tls_compatible = True  # loop.start_tls may put asyncio's SSLProtocol between it and its protocol
    # As CPython's socket transports: loop.sendfile tries the native way first, which here always declines
    # (_sendfile_native below), so fallback=True reads and writes as asyncio does and fallback=False raises what
    # CPython raises for a file it cannot send natively.
    _sendfile_compatible = asyncio.constants._SendfileMode.TRY_NATIVE

    def __init__(self, loop, sockets, handle, protocol, waiter=None, server=None):
        super().__init__(None, loop)
        self._sockets = sockets
        self._handle = handle
        self._extra["peername"] = _address(sockets.address(handle, True))
        self._extra["sockname"] = _address(sockets.address(handle, False))
        self._protocol = None
        self._buffered_protocol = False
        self.set_protocol(protocol)
        self._server = server
        self._closing = False
        self._paused = False
        self._eof = False
        self._conn_lost = 0
        loop._network_handles[handle] = self
        if server is not None:
            server._attach(self)
        loop.call_soon(self._protocol.connection_made, self)
        loop.call_soon(self._start_reading)
        if waiter is not None:
            loop.call_soon(asyncio.futures._set_result_unless_cancelled, waiter, None)

    def __repr__(self):
        state = "closed" if self._conn_lost else "closing" if self._closing else "open"
        return f"<_SocketTransport handle={self._handle} {state} peer={self._extra.get('peername')}>"

    def _start_reading(self):
        if not self._closing and not self._paused:
            self._sockets.reading(self._handle, True)

    def set_protocol(self, protocol):
        self._buffered_protocol = isinstance(protocol, asyncio.BufferedProtocol)
        self._protocol = protocol

    def is_reading(self):
        return not self._paused and not self._closing

    def pause_reading(self):
        if not self.is_reading():
            return
        self._paused = True
        self._sockets.reading(self._handle, False)

    def resume_reading(self):
        if self._closing or not self._paused:
            return
        self._paused = False
        self._sockets.reading(self._handle, True)

    def _maybe_pause_protocol(self):
        super()._maybe_pause_protocol()
        if self._protocol_paused:
            self._sockets.drainBelow(self._handle, self._low_water)  # a "drained" event resumes the protocol

    def write(self, data):
        if not isinstance(data, (bytes, bytearray, memoryview)):
            raise TypeError(f"data argument must be a bytes-like object, not {type(data).__name__!r}")
        if self._eof:
            raise RuntimeError("Cannot call write() after write_eof()")
        if not data:
            return
        if self._conn_lost:
            self._conn_lost += 1
            return
        if isinstance(data, memoryview) and not data.c_contiguous:
            data = bytes(data)
        if self._sockets.write(self._handle, data) > 0:
            self._maybe_pause_protocol()

    def write_eof(self):
        if self._closing or self._eof:
            return
        self._eof = True
        self._sockets.writeEof(self._handle)

    def can_write_eof(self):
        return True

    def _fatal_error(self, exc, message="Fatal error on transport"):
        if not isinstance(exc, OSError):
            self._loop.call_exception_handler({"message": message, "exception": exc, "transport": self,
                                               "protocol": self._protocol})
        self._force_close(exc)

    def _call_connection_lost(self, exc):
        try:
            super()._call_connection_lost(exc)
        finally:
            server, self._server = self._server, None
            if server is not None:
                server._detach(self)

    def _network_event(self, event):
        kind = event.kind()
        if kind == "data":
            self._data_received(_data_of(event))
        elif kind == "eof":
            self._eof_received()
        elif kind == "drained":
            self._maybe_resume_protocol()
        elif kind == "closed":
            if not self._conn_lost:
                self._conn_lost += 1
                self._call_connection_lost(None)
        elif kind == "error":
            self._fatal_error(_exception(event.error()))

    def _data_received(self, data):
        if self._conn_lost or self._protocol is None:
            return
        if not self._buffered_protocol:
            try:
                self._protocol.data_received(data)
            except (SystemExit, KeyboardInterrupt):
                raise
            except BaseException as exc:
                self._fatal_error(exc, "Fatal error: protocol.data_received() call failed.")
            return
        view = memoryview(data)
        while view:
            try:
                buffer = memoryview(self._protocol.get_buffer(len(view))).cast("B")
                if not len(buffer):
                    raise RuntimeError("get_buffer() returned an empty buffer")
                count = min(len(buffer), len(view))
                buffer[:count] = view[:count]
                self._protocol.buffer_updated(count)
            except (SystemExit, KeyboardInterrupt):
                raise
            except BaseException as exc:
                self._fatal_error(exc, "Fatal error: protocol.get_buffer() or buffer_updated() call failed.")
                return
            view = view[count:]

    def _eof_received(self):
        if self._conn_lost or self._protocol is None:
            return
        try:
            keep_open = self._protocol.eof_received()
        except (SystemExit, KeyboardInterrupt):
            raise
        except BaseException as exc:
            self._fatal_error(exc, "Fatal error: protocol.eof_received() call failed.")
            return
        if not keep_open:
            self.close()


class _ListeningSocket:
    """What ``Server.sockets`` holds: a listening socket's address and kind, and nothing to reach the socket with."""

    __slots__ = ("_address", "family")
    type = socket.SOCK_STREAM
    proto = socket.IPPROTO_TCP

    def __init__(self, address):
        self._address = address
        self.family = socket.AF_INET6 if len(address) == 4 else socket.AF_INET

    def getsockname(self):
        return self._address

    def fileno(self):
        return -1

    def __repr__(self):
        return f"<listening socket {self._address!r}>"


_ACCEPT_FAILED = "Error on transport creation for incoming connection"  # CPython's words


class _Server(asyncio.AbstractServer):
    """asyncio's Server over Java listening sockets: accepting while serving, each connection a _SocketTransport."""

    def __init__(self, loop, sockets, handles, protocol_factory, tls=None):
        self._loop = loop
        self._sockets_java = sockets
        self._handles = list(handles)
        self._protocol_factory = protocol_factory
        self._tls = tls  # (SSLContext, handshake timeout, shutdown timeout) for a TLS server, else None
        self._listening = tuple(_ListeningSocket(_address(sockets.address(handle, False))) for handle in handles)
        self._active_count = 0
        self._clients = set()
        self._waiters = []
        self._serving = False
        self._serving_forever_fut = None
        for handle in handles:
            loop._network_handles[handle] = self

    def __repr__(self):
        return f"<{type(self).__name__} sockets={self.sockets!r}>"

    def _attach(self, transport):
        self._active_count += 1
        self._clients.add(transport)

    def _detach(self, transport):
        self._active_count -= 1
        self._clients.discard(transport)
        if self._active_count == 0 and self._handles is None:
            self._wakeup()

    def _wakeup(self):
        waiters, self._waiters = self._waiters, None
        for waiter in waiters or ():
            if not waiter.done():
                waiter.set_result(None)

    def _network_event(self, event):
        kind = event.kind()
        if kind == "accepted":
            self._accepted(event.other())
        elif kind == "refused":
            self._loop.call_exception_handler({"message": "a connection was refused: the context is at its socket limit",
                                               "exception": _exception(event.error()), "server": self})

    def _accepted(self, handle):
        if self._handles is None:
            self._sockets_java.abort(handle)
            return
        try:
            protocol = self._protocol_for_connection()
        except (SystemExit, KeyboardInterrupt):
            raise
        except BaseException as exc:
            # As CPython's selector loop, which makes the protocol and the TLS wrapping in one try: the connection is
            # dropped (here at once; CPython's socket waits for a garbage collection), the exception handler told in
            # debug mode only, and the server goes on.
            self._sockets_java.abort(handle)
            if self._loop.get_debug():
                self._loop.call_exception_handler({"message": _ACCEPT_FAILED, "exception": exc})
            return
        _SocketTransport(self._loop, self._sockets_java, handle, protocol, server=self)

    def _protocol_for_connection(self):
        """The server's protocol for an accepted connection, wrapped in asyncio's SSLProtocol when it serves TLS (the
        SSLContext's wrap_bio runs here: a script's subclass may raise)."""
        protocol = self._protocol_factory()
        if self._tls is None:
            return protocol
        context, handshake_timeout, shutdown_timeout = self._tls
        return _tls.wrapping(self._loop, protocol, context, None, None, handshake_timeout, shutdown_timeout,
                             server_side=True)

    def _start_serving(self):
        if self._serving or self._handles is None:
            return
        self._serving = True
        for handle in self._handles:
            self._sockets_java.accepting(handle, True)

    @property
    def sockets(self):
        return () if self._handles is None else self._listening

    def get_loop(self):
        return self._loop

    def is_serving(self):
        return self._serving

    def close(self):
        handles = self._handles
        if handles is None:
            return
        self._handles = None
        for handle in handles:
            self._sockets_java.close(handle)
            if self._loop._network_handles is not None:
                self._loop._network_handles.pop(handle, None)
        self._serving = False
        if self._serving_forever_fut is not None and not self._serving_forever_fut.done():
            self._serving_forever_fut.cancel()
            self._serving_forever_fut = None
        if self._active_count == 0:
            self._wakeup()

    def close_clients(self):
        for transport in list(self._clients):
            transport.close()

    def abort_clients(self):
        for transport in list(self._clients):
            transport.abort()

    async def start_serving(self):
        self._start_serving()
        await asyncio.sleep(0)

    async def serve_forever(self):
        if self._serving_forever_fut is not None:
            raise RuntimeError(f"server {self!r} is already being awaited on serve_forever()")
        if self._handles is None:
            raise RuntimeError(f"server {self!r} is closed")
        self._start_serving()
        self._serving_forever_fut = self._loop.create_future()
        try:
            await self._serving_forever_fut
        except asyncio.CancelledError:
            try:
                self.close()
                await self.wait_closed()
            finally:
                raise
        finally:
            self._serving_forever_fut = None

    async def wait_closed(self):
        if self._waiters is None:
            return
        waiter = self._loop.create_future()
        self._waiters.append(waiter)
        await waiter


async def create_connection(self, protocol_factory, host=None, port=None, *, ssl=None, family=0, proto=0, flags=0,
                            sock=None, local_addr=None, server_hostname=None, ssl_handshake_timeout=None,
                            ssl_shutdown_timeout=None, happy_eyeballs_delay=None, interleave=None, all_errors=False):
    """TCP to ``host:port`` where the context's network policy allows it; each allowed address in turn. With ``ssl``,
    TLS over it (asyncio's sslproto), verified as the SSLContext says (``ssl=True``: ssl.create_default_context())."""
    _not_built(sock=sock, local_addr=local_addr)
    if host is None or port is None:
        raise ValueError("host and port was not specified and no sock specified")
    tls = _tls.client_options(ssl, host, server_hostname, ssl_handshake_timeout, ssl_shutdown_timeout)  # None: plain
    sockets = _sockets(self)
    handle, = _ok(sockets.connect(_host(host), _port(port)))
    connecting = _Connecting(self)
    self._network_handles[handle] = connecting
    try:
        await connecting.future
    except BaseException:
        sockets.abort(handle)
        raise
    finally:
        self._network_handles.pop(handle, None)
    protocol = _protocol_for(sockets, handle, protocol_factory)
    waiter = self.create_future()
    try:
        if tls is not None:
            context, server_hostname = tls
            # the SSLContext's wrap_bio runs here, the script's if it is a subclass: raising, it leaves no socket
            tls_protocol = _tls.wrapping(self, protocol, context, waiter, server_hostname, ssl_handshake_timeout,
                                         ssl_shutdown_timeout)
            connection = _SocketTransport(self, sockets, handle, tls_protocol)
            transport = tls_protocol._app_transport
        else:
            connection = transport = _SocketTransport(self, sockets, handle, protocol, waiter)
    except BaseException:
        self._network_handles.pop(handle, None)
        sockets.abort(handle)
        raise
    try:
        await waiter
    except BaseException:
        transport.close()
        connection.abort()  # a handshake cut short: the socket goes at once, whatever the TLS layer did
        raise
    return transport, protocol


async def create_server(self, protocol_factory, host=None, port=None, *, family=socket.AF_UNSPEC,
                        flags=socket.AI_PASSIVE, sock=None, backlog=100, ssl=None, reuse_address=None, reuse_port=None,
                        keep_alive=None, ssl_handshake_timeout=None, ssl_shutdown_timeout=None, start_serving=True):
    """A TCP server on ``host:port`` (None: the wildcard addresses the policy names) where the policy allows it."""
    _not_built(sock=sock, reuse_port=reuse_port)
    tls = _tls.server_options(ssl, ssl_handshake_timeout, ssl_shutdown_timeout)  # None: plain
    sockets = _sockets(self)
    hosts = [None] if host is None or host == "" else [host] if isinstance(host, (str, bytes)) else list(host)
    handles = []
    try:
        for each in hosts:
            handles += _ok(sockets.listen(None if each is None or each == "" else _host(each), _port(port), _backlog(backlog)))
    except BaseException:
        for handle in handles:
            sockets.close(handle)
        raise
    server = _Server(self, sockets, handles, protocol_factory,
                     None if tls is None else (tls, ssl_handshake_timeout, ssl_shutdown_timeout))
    if start_serving:
        server._start_serving()
        await asyncio.sleep(0)
    return server

_LOG_THRESHOLD_FOR_CONNLOST_WRITES = 5  # asyncio.constants': sends to a closed transport before it warns


def _datagram_address(addr):
    """``(host, port)`` of a datagram address (a 2- or 4-tuple, as the socket module takes it) for Java."""
    if not isinstance(addr, tuple) or len(addr) not in (2, 4):
        raise TypeError(f"a datagram address must be a (host, port) tuple, not {addr!r}")
    return _host(addr[0]), _port(addr[1])


class _DatagramTransport(_JavaHandleEnd, asyncio.DatagramTransport):
    """asyncio's datagram transport over a Java UDP endpoint: ``sendto`` hands each datagram to Java at once (Java
    queues what the socket does not take now), datagrams and failures come as events. A destination the policy
    refuses is a PermissionError from ``sendto``; any other failure goes to the protocol's ``error_received``."""

    def __init__(self, loop, sockets, handle, protocol, waiter):
        super().__init__(None)
        self._loop = loop
        self._sockets = sockets
        self._handle = handle
        self._protocol = protocol
        self._address = _address(sockets.address(handle, True))  # the remote address, if connected to one
        self._extra["peername"] = self._address
        self._extra["sockname"] = _address(sockets.address(handle, False))
        self._closing = False
        self._conn_lost = 0
        loop._network_handles[handle] = self
        loop.call_soon(self._protocol.connection_made, self)
        loop.call_soon(self._start_reading)
        loop.call_soon(asyncio.futures._set_result_unless_cancelled, waiter, None)

    def __repr__(self):
        state = "closed" if self._conn_lost else "closing" if self._closing else "open"
        return f"<_DatagramTransport handle={self._handle} {state} sockname={self._extra.get('sockname')}>"

    def _start_reading(self):
        if not self._closing:
            self._sockets.reading(self._handle, True)

    def set_protocol(self, protocol):
        self._protocol = protocol

    def sendto(self, data, addr=None):
        if not isinstance(data, (bytes, bytearray, memoryview)):
            raise TypeError(f"data argument must be a bytes-like object, not {type(data).__name__!r}")
        if not data:
            return  # as asyncio's selector transport in 3.12: an empty datagram is not sent
        if self._address:
            if addr not in (None, self._address):
                raise ValueError(f"Invalid address: must be None or {self._address}")
            addr = None
        if self._conn_lost:
            if self._conn_lost >= _LOG_THRESHOLD_FOR_CONNLOST_WRITES:
                asyncio.log.logger.warning("socket.send() raised exception.")
            self._conn_lost += 1
            return
        if addr is None and not self._address:
            self._protocol.error_received(OSError(errno.EDESTADDRREQ, "Destination address required"))
            return
        host, port = (None, 0) if addr is None else _datagram_address(addr)
        if isinstance(data, memoryview) and not data.c_contiguous:
            data = bytes(data)
        result = self._sockets.sendto(self._handle, data, host, port)
        if str(result[0]) != "ok":
            exception = _exception(result)
            if isinstance(exception, PermissionError):
                raise exception  # the policy's refusal, to the caller; the transport goes on
            self._protocol.error_received(exception)

    def _network_event(self, event):
        kind = event.kind()
        if self._conn_lost or self._protocol is None:
            return
        if kind == "closed":
            self._conn_lost += 1
            self._call_connection_lost(None)
            return
        try:
            if kind == "datagram":
                self._protocol.datagram_received(_data_of(event), _address(event.sender()))
            elif kind == "datagram_error":
                self._protocol.error_received(_exception(event.error()))
        except (SystemExit, KeyboardInterrupt):
            raise
        except BaseException as exc:
            # As asyncio's loop reports a callback that raised: the endpoint goes on.
            self._loop.call_exception_handler({"message": f"protocol.{'datagram_received' if kind == 'datagram' else 'error_received'}() call failed.",
                                               "exception": exc, "transport": self, "protocol": self._protocol})


_FAMILIES = {0: 0, socket.AF_INET: 4, socket.AF_INET6: 6}


async def create_datagram_endpoint(self, protocol_factory, local_addr=None, remote_addr=None, *, family=0, proto=0,
                                   flags=0, reuse_port=None, allow_broadcast=None, sock=None):
    """A UDP endpoint through the context's network policy: ``remote_addr`` must be a connect target, ``local_addr`` a
    listen address, and with neither (``family`` alone) the wildcard at port 0 a listen address."""
    _not_built(sock=sock, reuse_port=reuse_port, allow_broadcast=allow_broadcast)
    if family not in _FAMILIES:
        raise NotImplementedError(f"family={family!r} is not built in this sandbox's event loop: AF_INET or AF_INET6"
                                  " (see docs/network.md)")
    if not (local_addr or remote_addr):
        if family == 0:
            raise ValueError("unexpected address family")
    for addr in (local_addr, remote_addr):
        if addr is not None and not (isinstance(addr, tuple) and len(addr) == 2):
            raise TypeError("2-tuple is expected")
    local_host, local_port = (None, 0) if not local_addr else (_host(local_addr[0]), _port(local_addr[1]))
    remote_host, remote_port = (None, 0) if not remote_addr else (_host(remote_addr[0]), _port(remote_addr[1]))
    sockets = _sockets(self)
    handle, = _ok(sockets.datagram(local_host, local_port, remote_host, remote_port, _FAMILIES[family]))
    protocol = _protocol_for(sockets, handle, protocol_factory)
    waiter = self.create_future()
    transport = _DatagramTransport(self, sockets, handle, protocol, waiter)
    try:
        await waiter
    except BaseException:
        transport.close()
        raise
    return transport, protocol


async def getaddrinfo(self, host, port, *, family=0, type=0, proto=0, flags=0):
    """The addresses of ``host`` (TCP only), looked up by Java where the policy names the host."""
    rows = _ok(_sockets(self).lookup(None if host is None else _host(host), _port(port)))
    found = []
    for row in rows:
        row_family = socket.AF_INET6 if int(row[0]) == 6 else socket.AF_INET
        if family not in (0, row_family) or type not in (0, socket.SOCK_STREAM):
            continue
        address = (str(row[1]), int(row[2])) if row_family == socket.AF_INET else (str(row[1]), int(row[2]), 0, 0)
        found.append((row_family, socket.SOCK_STREAM, socket.IPPROTO_TCP, "", address))
    if not found:
        raise socket.gaierror(socket.EAI_NONAME, "Name or service not known")
    return found


async def getnameinfo(self, sockaddr, flags=0):
    """``(host, port)`` for an address, both as numbers: no reverse lookup leaves the host, and getnameinfo answers
    with numbers when it finds no name (``NI_NAMEREQD``, a name or nothing, is a gaierror). A name in ``sockaddr`` is
    looked up as getaddrinfo looks it up, where the policy names it."""
    if not isinstance(sockaddr, tuple) or len(sockaddr) not in (2, 4):
        raise TypeError(f"getnameinfo() argument 1 must be a tuple of 2 or 4 items, not {sockaddr!r}")
    host, port = sockaddr[0], _port(sockaddr[1])
    if flags & socket.NI_NAMEREQD:
        raise socket.gaierror(socket.EAI_NONAME, "Name or service not known (no reverse lookup in this sandbox)")
    rows = _ok(_sockets(self).lookup(_host(host), port))
    if not rows:
        raise socket.gaierror(socket.EAI_NONAME, "Name or service not known")
    return str(rows[0][1]), str(port)


async def start_tls(self, transport, protocol, sslcontext, *, server_side=False, server_hostname=None,
                    ssl_handshake_timeout=None, ssl_shutdown_timeout=None):
    """BaseEventLoop's start_tls (asyncio's sslproto over the same Java transport), with ssl imported first."""
    _tls.asyncio_ssl()
    if server_hostname is not None:
        _tls.check_server_hostname(server_hostname)
    return await asyncio.BaseEventLoop.start_tls(self, transport, protocol, sslcontext, server_side=server_side,
                                                 server_hostname=server_hostname,
                                                 ssl_handshake_timeout=ssl_handshake_timeout,
                                                 ssl_shutdown_timeout=ssl_shutdown_timeout)


async def _sendfile_native(self, transport, file, offset, count):
    """Declines, as CPython's loop does where ``os.sendfile`` cannot send ``file``: a Python file object is no host
    file Java could hand the kernel, so ``loop.sendfile`` falls back to reading it and writing the transport."""
    try:
        file.fileno()
    except (AttributeError, io.UnsupportedOperation):  # what CPython's loop catches here; the rest propagates
        raise asyncio.exceptions.SendfileNotAvailableError("not a regular file")
    raise asyncio.exceptions.SendfileNotAvailableError(
        "os.sendfile() is not available in this sandbox's event loop: loop.sendfile falls back to read and write")


async def _sendfile_fallback(self, transport, file, offset, count):
    """asyncio's fallback, with the transport's protocol put back whatever the file does: asyncio puts it back after
    its last ``file.seek``, so a file whose ``seek`` raises (a raw stream that cannot seek, after a part was sent) left
    asyncio's stand-in protocol on the transport, reading paused for good, the script's protocol never called again."""
    protocol = transport.get_protocol()
    try:
        return await asyncio.BaseEventLoop._sendfile_fallback(self, transport, file, offset, count)
    finally:
        stand_in = transport.get_protocol()
        if isinstance(stand_in, asyncio.base_events._SendfileFallbackProtocol) and stand_in._proto is protocol:
            await stand_in.restore()


_NOT_BUILT = ("connect_accepted_socket", "create_unix_connection",
              "create_unix_server")
"""What this slice leaves out: each raises NotImplementedError saying so (BaseEventLoop's versions would reach
``socket.socket`` first, or fail further in)."""


def _not_built_method(name):
    async def not_built(self, *args, **kwargs):
        raise NotImplementedError(f"loop.{name}() is not built in this sandbox's event loop (see docs/network.md)")

    not_built.__name__ = name
    return not_built


def _install(loop_class):
    """Gives the Java event loop its TCP and UDP methods, at install, before any script runs."""
    loop_class._network = None  # the loop's LoopSockets, made on first use
    loop_class._network_handles = None  # handle -> what its events go to
    for method in (create_connection, create_server, create_datagram_endpoint, getaddrinfo, getnameinfo, start_tls,
                   _sendfile_native, _sendfile_fallback, *map(_not_built_method, _NOT_BUILT)):
        method.__qualname__ = loop_class.__name__ + "." + method.__name__
        setattr(loop_class, method.__name__, method)
