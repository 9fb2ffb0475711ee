"""Serves the demo clinic website (`site/`) with the assistant's address filled into its pages.

The demo pages stand for the clinic's own site, on an origin of their own, so the widget is
exercised exactly as a clinic would embed it: one script tag pointing at the Rasa server.
"""

from __future__ import annotations

import argparse
import functools
from http import HTTPStatus
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

SITE_DIR = Path(__file__).resolve().parent.parent / "site"
ASSISTANT_PLACEHOLDER = "__ASSISTANT_URL__"


class SiteHandler(SimpleHTTPRequestHandler):
    """Static files; HTML pages get the assistant's URL in place of the placeholder."""

    def __init__(self, *args: object, assistant_url: str, **kwargs: object) -> None:
        """See `SimpleHTTPRequestHandler`; `assistant_url` is the Rasa server's origin."""
        self.assistant_url = assistant_url
        super().__init__(*args, directory=str(SITE_DIR), **kwargs)  # type: ignore[arg-type]

    def do_GET(self) -> None:
        """Serves a page with the placeholder filled, anything else as a static file."""
        path = Path(self.translate_path(self.path))
        if path.is_dir():
            path = path / "index.html"
        if path.suffix != ".html" or not path.is_file():
            super().do_GET()
            return
        body = path.read_text(encoding="utf-8").replace(ASSISTANT_PLACEHOLDER, self.assistant_url).encode("utf-8")
        self.send_response(HTTPStatus.OK)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)


def main() -> None:
    """Serves the site until interrupted."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--port", type=int, default=8080)
    parser.add_argument("--assistant-url", default="http://localhost:5005")
    args = parser.parse_args()
    handler = functools.partial(SiteHandler, assistant_url=args.assistant_url)
    with ThreadingHTTPServer(("127.0.0.1", args.port), handler) as server:
        server.serve_forever()


if __name__ == "__main__":
    main()
