"""The sockets under the Crossref client: one deadline per answer, and prompt ACKs.

httpx's time-outs bound each network wait, not an answer: a server that sends its status
line, a header or the body one byte a second never trips a 20 s read time-out and holds the
look-up for hours. ``BoundedBackend`` wraps httpcore's socket backend so that every connect,
write and read of one exchange (redirects included) draws on a single deadline, set per
thread with ``answer_deadline``. Past it the next socket operation raises httpcore's own
time-out, which httpx turns into ``httpx2.ReadTimeout`` (or connect / write).

Keep-alive and prompt ACKs: many servers (Python's ``http.server`` among them) write an
answer's headers and its body with two ``send`` calls. On a reused connection the client's
kernel delays the ACK of the headers (it hopes to piggy-back it on the next request) while
the server's Nagle algorithm holds the body back until that ACK arrives: ~40 ms lost per
answer. Asking for a quick ACK before each read (``TCP_QUICKACK``, Linux) sends the pending
ACK at once. httpcore already sets ``TCP_NODELAY`` on the sockets it opens.

Only ``refcheck.resolve.crossref`` uses this module, and only once it makes a request.
"""

from __future__ import annotations

import contextlib
import socket
import ssl
import threading
import time
from collections.abc import Iterable, Iterator
from typing import Any

import httpcore2

# Linux only; elsewhere delayed ACKs stay as the system sets them.
_QUICKACK: int | None = getattr(socket, "TCP_QUICKACK", None)

_local = threading.local()


@contextlib.contextmanager
def answer_deadline(seconds: float) -> Iterator[None]:
    """Every socket operation of this thread inside the block ends ``seconds`` from now."""
    previous = getattr(_local, "deadline", None)
    _local.deadline = time.monotonic() + seconds
    try:
        yield
    finally:
        _local.deadline = previous


def _bounded(timeout: float | None, error: type[Exception]) -> float | None:
    """``timeout`` cut to what is left of the thread's answer deadline (none set: as is)."""
    deadline: float | None = getattr(_local, "deadline", None)
    if deadline is None:
        return timeout
    left = deadline - time.monotonic()
    if left <= 0:
        raise error("no complete answer within the deadline")
    return left if timeout is None else min(timeout, left)


class BoundedStream(httpcore2.NetworkStream):
    def __init__(self, inner: httpcore2.NetworkStream) -> None:
        self._inner = inner
        self._socket = inner.get_extra_info("socket")

    def read(self, max_bytes: int, timeout: float | None = None) -> bytes:
        timeout = _bounded(timeout, httpcore2.ReadTimeout)
        if _QUICKACK is not None and self._socket is not None:
            with contextlib.suppress(OSError, AttributeError):
                self._socket.setsockopt(socket.IPPROTO_TCP, _QUICKACK, 1)
        return self._inner.read(max_bytes, timeout)

    def write(self, buffer: bytes, timeout: float | None = None) -> None:
        self._inner.write(buffer, _bounded(timeout, httpcore2.WriteTimeout))

    def close(self) -> None:
        self._inner.close()

    def start_tls(
        self,
        ssl_context: ssl.SSLContext,
        server_hostname: str | None = None,
        timeout: float | None = None,
    ) -> httpcore2.NetworkStream:
        return BoundedStream(
            self._inner.start_tls(
                ssl_context, server_hostname, _bounded(timeout, httpcore2.ConnectTimeout)
            )
        )

    def get_extra_info(self, info: str) -> Any:
        return self._inner.get_extra_info(info)


class BoundedBackend(httpcore2.NetworkBackend):
    def __init__(self, inner: httpcore2.NetworkBackend) -> None:
        self._inner = inner

    def connect_tcp(
        self,
        host: str,
        port: int,
        timeout: float | None = None,
        local_address: str | None = None,
        socket_options: Iterable[Any] | None = None,
    ) -> httpcore2.NetworkStream:
        stream = self._inner.connect_tcp(
            host,
            port,
            _bounded(timeout, httpcore2.ConnectTimeout),
            local_address=local_address,
            socket_options=socket_options,
        )
        return BoundedStream(stream)

    def connect_unix_socket(
        self,
        path: str,
        timeout: float | None = None,
        socket_options: Iterable[Any] | None = None,
    ) -> httpcore2.NetworkStream:
        stream = self._inner.connect_unix_socket(
            path, _bounded(timeout, httpcore2.ConnectTimeout), socket_options=socket_options
        )
        return BoundedStream(stream)

    def sleep(self, seconds: float) -> None:
        self._inner.sleep(seconds)


def bound_transport(transport: Any) -> bool:
    """Put ``BoundedBackend`` under an ``httpx2.HTTPTransport``'s connection pool.

    httpx does not let a caller choose the pool's network backend, so the pool's attribute
    is replaced (the same name from httpcore2 2.4.0, the lowest version refcheck accepts, on).
    False when the layout is not the expected one: then only the body is bounded (by the
    caller's own check between chunks).
    """
    pool = getattr(transport, "_pool", None)
    inner = getattr(pool, "_network_backend", None)
    if not isinstance(inner, httpcore2.NetworkBackend):
        return False
    if not isinstance(inner, BoundedBackend):
        pool._network_backend = BoundedBackend(inner)  # type: ignore[union-attr]
    return True
