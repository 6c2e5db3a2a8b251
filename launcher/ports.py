"""Free TCP ports on this machine, for stacks that must not clash with one already running."""

from __future__ import annotations

import socket


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def free_port_block(size: int) -> int:
    """A first port such that it and the next `size - 1` are free (the gateway and the services)."""
    for _ in range(200):
        base = free_port()
        if base + size < 65000 and all(_is_free(base + i) for i in range(size)):
            return base
    raise RuntimeError("no block of free ports")


def _is_free(port: int) -> bool:
    with socket.socket() as sock:
        try:
            sock.bind(("127.0.0.1", port))
            return True
        except OSError:
            return False
