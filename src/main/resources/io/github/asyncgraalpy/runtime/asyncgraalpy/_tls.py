"""TLS for the Java event loop: asyncio's own ``sslproto`` over the loop's Java transports (``_network``), with
Python's ``ssl`` (GraalPy's, over Java's TLS engine) doing the TLS in memory (``ssl.MemoryBIO``).

The bootstrap imports asyncio with ``ssl`` hidden (``_loop``: it costs start-up time), so asyncio's modules hold
``ssl = None``. ``asyncio_ssl`` imports it on a script's first TLS call and hands it to them; it is the only place
that does, and a script that never asks for TLS never imports ``ssl``.
"""

import sys

_ASYNCIO_MODULES_WITH_SSL = ("asyncio.base_events", "asyncio.sslproto", "asyncio.selector_events")
"""asyncio's modules that did ``try: import ssl`` and so hold ``ssl = None`` (those imported by now get it)."""


def asyncio_ssl():
    """The ``ssl`` module, imported now if no one has yet, and given to the asyncio modules imported without it."""
    import ssl
    import asyncio.sslproto

    for name in _ASYNCIO_MODULES_WITH_SSL:
        module = sys.modules.get(name)
        if module is not None and getattr(module, "ssl", None) is None:
            module.ssl = ssl
    if getattr(asyncio.sslproto, "SSLAgainErrors", None) is None:
        # sslproto defines it at import only when ssl imported then; its reads loop on these two
        asyncio.sslproto.SSLAgainErrors = (ssl.SSLWantReadError, ssl.SSLSyscallError)
    return ssl


def client_options(ssl, host, server_hostname, ssl_handshake_timeout, ssl_shutdown_timeout):
    """``(SSLContext, host name)`` a TLS client uses (an SSLContext of None: asyncio's default, which verifies); None
    for plain TCP (``ssl`` None or False). Bad combinations are the ValueError CPython's create_connection raises; an ``ssl``
    that is none of None, False, True or an SSLContext a TypeError (CPython would take ``ssl=''`` for no TLS)."""
    if ssl is None or ssl is False:
        for name, value in (("server_hostname", server_hostname), ("ssl_handshake_timeout", ssl_handshake_timeout),
                            ("ssl_shutdown_timeout", ssl_shutdown_timeout)):
            if value is not None:
                raise ValueError(f"{name} is only meaningful with ssl")
        return None
    context = _context(ssl)
    if server_hostname is None:
        if not host:
            raise ValueError("You must set server_hostname when using ssl without a host")
        server_hostname = host.decode("ascii") if isinstance(host, bytes) else host
    return context, server_hostname


def _context(ssl_argument):
    ssl = asyncio_ssl()
    if ssl_argument is True:
        return None
    if not isinstance(ssl_argument, ssl.SSLContext):
        raise TypeError(f"ssl must be True or an ssl.SSLContext, not {type(ssl_argument).__name__}")
    return ssl_argument


def wrapping(loop, protocol, context, waiter, server_hostname, ssl_handshake_timeout, ssl_shutdown_timeout,
             server_side=False):
    """asyncio's SSLProtocol between a Java transport (below) and ``protocol`` (above); its ``_app_transport`` is what
    the application writes to. ``waiter`` gets the handshake's outcome."""
    import asyncio.sslproto

    return asyncio.sslproto.SSLProtocol(loop, protocol, context, waiter, server_side, server_hostname,
                                        ssl_handshake_timeout=ssl_handshake_timeout,
                                        ssl_shutdown_timeout=ssl_shutdown_timeout)
