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
    if not getattr(ssl.SSLObject.do_handshake, "_checks_ip_addresses", False):
        ssl.SSLObject.do_handshake = _checking_ip_addresses(ssl, ssl.SSLObject.do_handshake)
    if getattr(asyncio.sslproto, "SSLAgainErrors", None) is None:
        # sslproto defines it at import only when ssl imported then; its reads loop on these two
        asyncio.sslproto.SSLAgainErrors = (ssl.SSLWantReadError, ssl.SSLSyscallError)
    return ssl


def _checking_ip_addresses(ssl, do_handshake):
    """``SSLObject.do_handshake`` that, for a server_hostname that is an IP address, also checks it against the
    certificate's IP addresses, as CPython's does: GraalPy's verifies DNS names only, and took any certificate the trust
    store trusts for an address (NetworkTlsTest, LazyAndTlsAttacksTest)."""
    import ipaddress

    def address(text):
        try:
            return ipaddress.ip_address(text.strip() if isinstance(text, str) else text)
        except ValueError:
            return None

    def checked_do_handshake(self):
        done = do_handshake(self)
        name = self.server_hostname
        if name and not self.server_side and self.context.check_hostname:
            wanted = address(name)
            if wanted is not None and not any(kind == "IP Address" and address(value) == wanted
                                              for kind, value in self.getpeercert().get("subjectAltName", ())):
                error = ssl.SSLCertVerificationError(
                    1, "[SSL: CERTIFICATE_VERIFY_FAILED] certificate verify failed: IP address mismatch, certificate is "
                       f"not valid for {name!r}.")
                error.verify_code, error.verify_message = 64, "IP address mismatch"
                raise error
        return done

    checked_do_handshake._checks_ip_addresses = True
    return checked_do_handshake


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
    check_server_hostname(server_hostname)
    return context, server_hostname


def server_options(ssl, ssl_handshake_timeout, ssl_shutdown_timeout):
    """The SSLContext a TLS server wraps each accepted connection in, or None for plain TCP (``ssl`` None or False).
    The key material is the script's: ``load_cert_chain`` on a server identity the embedder granted (docs/network.md).
    As CPython's create_server: timeouts without ``ssl`` are a ValueError, ``ssl=True`` a TypeError (a server has no
    default certificate)."""
    if ssl is None or ssl is False:
        for name, value in (("ssl_handshake_timeout", ssl_handshake_timeout),
                            ("ssl_shutdown_timeout", ssl_shutdown_timeout)):
            if value is not None:
                raise ValueError(f"{name} is only meaningful with ssl")
        return None
    if ssl is True:
        raise TypeError("ssl argument must be an SSLContext or None")
    return _context(ssl)


def check_server_hostname(server_hostname):
    """CPython's ``_ssl`` refuses an empty name or one with a leading dot in ``wrap_bio``; GraalPy's takes ``''`` and
    then checks no name at all, so a TLS client would accept any certificate its trust store trusts."""
    if isinstance(server_hostname, (str, bytes)) and (not server_hostname or server_hostname[:1] in (".", b".")):
        raise ValueError("server_hostname cannot be an empty string or start with a leading dot.")


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
