"""The client's address behind a reverse proxy, believed only when the proxy itself is trusted.

Behind a proxy every request comes from the proxy's address, so login throttling would lock out
every member of staff at once and the audit log would name the proxy. Werkzeug's ProxyFix takes the
address from X-Forwarded-For, but anyone can send that header: here it is read only for requests
that come from an address in CLINIC_CONSOLE_TRUSTED_PROXIES.
"""

from __future__ import annotations

from typing import Any, Iterable

from werkzeug.middleware.proxy_fix import ProxyFix

WSGIApp = Any


class TrustedProxies:
    """WSGI middleware: ProxyFix for requests from a trusted proxy, the request as it is otherwise."""

    def __init__(self, app: WSGIApp, proxies: Iterable[str]) -> None:
        """Wraps `app`; `proxies` are the addresses whose forwarded headers are believed."""
        self.app = app
        self.proxies = frozenset(proxies)
        # One hop: the trusted proxy's own entry, the last in X-Forwarded-For.
        self.forwarded = ProxyFix(app, x_for=1, x_proto=1, x_host=0, x_port=0, x_prefix=0)

    def __call__(self, environ: dict[str, Any], start_response: Any) -> Any:
        """Serves one request, with the forwarded address when a trusted proxy sent it."""
        handler = self.forwarded if environ.get("REMOTE_ADDR") in self.proxies else self.app
        return handler(environ, start_response)
