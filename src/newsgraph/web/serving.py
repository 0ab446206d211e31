"""Start-up checks for ``newsgraph serve`` that deserve a sentence instead of a traceback."""

from __future__ import annotations

import errno
import socket


def port_taken(host: str, port: int) -> str | None:
    """Why ``host:port`` cannot be served (already in use, not permitted), else None.

    Bound and released at once (with SO_REUSEADDR, as uvicorn binds), so a port left in
    TIME_WAIT by a stopped server still counts as free."""
    if port == 0:
        return None
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    with socket.socket(family, socket.SOCK_STREAM) as s:
        s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            s.bind((host, port))
        except OSError as exc:
            if exc.errno == errno.EADDRINUSE:
                return (f"port {port} on {host} is already in use (another newsgraph serve?): "
                        f"stop it or pick another port: newsgraph serve --port {port + 1} "
                        f"(make run PORT={port + 1})")
            if exc.errno == errno.EACCES:
                return f"port {port} needs privileges: use a port above 1023, e.g. --port 8000"
            return f"cannot listen on {host}:{port}: {exc.strerror or exc}"
    return None
