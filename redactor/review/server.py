"""``redactor review OUT``: a local page to check the masks and fix them by hand.

A ThreadingHTTPServer of the standard library, bound to 127.0.0.1 on a free port. Every request
must carry the session's random token (``?t=``) and name this host (``Host: 127.0.0.1:PORT``,
against DNS rebinding), else 403: the page serves the ORIGINAL pages, which show the identity,
so no other local user or web page may read or drive it. Files are addressed by their index in
this session's list (``/api/plan/3``), never by a path, so no request can name a file outside
it. The server holds OUT's run lock (no ``redactor mask`` writes there meanwhile) and stops on
Ctrl+C or after ``idle_timeout`` seconds without a request.
"""

from __future__ import annotations

import hmac
import json
import secrets
import threading
import time
from dataclasses import dataclass, field
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from importlib import resources
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit

from redactor import records
from redactor.errors import RedactorError
from redactor.plan import FilePlan
from redactor.report import render
from redactor.report.collect import KIND_STYLES, file_groups, read_audit
from redactor.review.edit import HAND_KINDS, ReviewFolder, edited_plan, save_review

STATIC = {
    "/": ("review.html", "text/html; charset=utf-8"),
    "/static/review.js": ("review.js", "text/javascript; charset=utf-8"),
    "/static/review.css": ("review.css", "text/css; charset=utf-8"),
}
MAX_BODY = 8 << 20  # a page's edits are a few kB; refuse anything absurd


@dataclass(frozen=True)
class ReviewSettings:
    """How the review server runs."""

    # Seconds without a request before the server stops by itself.
    idle_timeout: float = 1800.0
    # JPEG quality of the page images sent to the browser.
    image_quality: int = 88
    # Page images kept in memory (the last ones looked at), so going back is instant.
    cached_images: int = 16
    # Rebuild the HTML report after each save, so it shows what was saved.
    update_report: bool = True


@dataclass
class ReviewFile:
    file: str  # the input's relative path, as in the audit
    output: str  # the masked copy's path under OUT


@dataclass
class ReviewState:
    folder: ReviewFolder
    settings: ReviewSettings
    files: list[ReviewFile]
    token: str = field(default_factory=lambda: secrets.token_urlsafe(24))
    last_request: float = field(default_factory=time.monotonic)
    images: dict[tuple[int, int], bytes] = field(default_factory=dict)
    images_lock: threading.Lock = field(default_factory=threading.Lock)
    save_lock: threading.Lock = field(default_factory=threading.Lock)


def review_files(folder: ReviewFolder) -> list[ReviewFile]:
    """The files that can be reviewed: masked (not failed, not exempt), with a plan."""
    groups = file_groups(folder.out_dir, read_audit(folder.audit_dir))
    out = []
    for group in groups:
        if group.plan is None or group.plan.exempt:
            continue
        out.append(ReviewFile(group.file, group.output))
    return out


class _QuietServer(ThreadingHTTPServer):
    daemon_threads = True

    def handle_error(self, request: Any, client_address: Any) -> None:
        """A browser that drops a request (a page left before its image came) is normal;
        anything else is printed as usual."""
        import sys

        if not isinstance(sys.exc_info()[1], ConnectionError):
            super().handle_error(request, client_address)


class ReviewServer:
    """The server of one review session; ``start`` runs it in a thread, ``stop`` ends it."""

    def __init__(self, folder: ReviewFolder, settings: ReviewSettings | None = None) -> None:
        self.state = ReviewState(folder, settings or ReviewSettings(), review_files(folder))
        self._lock = records.RunLock(folder.out_dir)
        self._lock.acquire()
        try:
            self.httpd = _QuietServer(("127.0.0.1", 0), _Handler)
        except OSError:
            self._lock.release()
            raise
        self.httpd.review = self.state  # type: ignore[attr-defined]
        self._thread: threading.Thread | None = None
        self._stopped = threading.Event()

    @property
    def port(self) -> int:
        return int(self.httpd.server_address[1])

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}/?t={self.state.token}"

    def serve(self) -> None:
        """Serve until stopped, idle for too long, or interrupted (Ctrl+C)."""
        watcher = threading.Thread(target=self._watch_idle, daemon=True)
        watcher.start()
        try:
            self.httpd.serve_forever(poll_interval=0.2)
        finally:
            self._close()

    def start(self) -> str:
        """Serve in a background thread; returns the URL."""
        self._thread = threading.Thread(target=self.serve, daemon=True)
        self._thread.start()
        return self.url

    def stop(self) -> None:
        if not self._stopped.is_set():
            self.httpd.shutdown()
        if self._thread is not None:
            self._thread.join(timeout=10)

    def _watch_idle(self) -> None:
        while not self._stopped.wait(0.5):
            idle = time.monotonic() - self.state.last_request
            if idle > self.state.settings.idle_timeout:
                self.httpd.shutdown()
                return

    def _close(self) -> None:
        self._stopped.set()
        self.httpd.server_close()
        self._lock.release()


class _Handler(BaseHTTPRequestHandler):
    server_version = "redactor-review"
    protocol_version = "HTTP/1.1"

    @property
    def review(self) -> ReviewState:
        return self.server.review  # type: ignore[attr-defined]

    def log_message(self, format: str, *args: Any) -> None:  # noqa: A002
        pass  # the URLs carry the token: keep them out of the terminal

    def do_GET(self) -> None:  # noqa: N802
        path = self._allowed()
        if path is None:
            return
        try:
            self._get(path)
        except RedactorError as exc:  # a plan that cannot be read, an input that moved
            self._error(HTTPStatus.CONFLICT, str(exc))

    def _get(self, path: str) -> None:
        if path in STATIC:
            name, kind = STATIC[path]
            body = resources.files("redactor.review").joinpath("static", name).read_bytes()
            if name == "review.html":  # its script and style sheet are asked for with the token
                token = f"?t={self.review.token}".encode()
                for asset in (b"/static/review.css", b"/static/review.js"):
                    body = body.replace(asset + b'"', asset + token + b'"')
            return self._send(HTTPStatus.OK, body, kind)
        parts = path.strip("/").split("/")
        if parts == ["api", "ping"]:  # the page, while it holds unsaved edits
            return self._json(HTTPStatus.OK, {"ok": True})
        if parts == ["api", "files"]:
            return self._json(HTTPStatus.OK, self._files())
        if len(parts) == 3 and parts[:2] == ["api", "plan"]:
            index = self._index(parts[2])
            if index is not None:
                self._json(HTTPStatus.OK, self._plan(index))
            return None
        if len(parts) == 4 and parts[:2] == ["api", "image"] and parts[3].isdigit():
            index = self._index(parts[2])
            if index is not None:
                self._image(index, int(parts[3]))
            return None
        self._error(HTTPStatus.NOT_FOUND, "not found")
        return None

    def do_POST(self) -> None:  # noqa: N802
        path = self._allowed()
        if path is None:
            return
        parts = path.strip("/").split("/")
        if len(parts) != 3 or parts[:2] != ["api", "save"]:
            return self._error(HTTPStatus.NOT_FOUND, "not found")
        index = self._index(parts[2])
        if index is None:
            return None
        if self.headers.get_content_type() != "application/json":
            return self._error(HTTPStatus.UNSUPPORTED_MEDIA_TYPE, "send application/json")
        length = int(self.headers.get("Content-Length") or 0)
        if not 0 < length <= MAX_BODY:
            return self._error(HTTPStatus.BAD_REQUEST, "no body, or too large")
        try:
            edits = json.loads(self.rfile.read(length))
            result = self._save(index, edits)
        except (ValueError, TypeError, KeyError, RedactorError) as exc:
            return self._error(HTTPStatus.BAD_REQUEST, str(exc))
        return self._json(HTTPStatus.OK, result)

    # --- checks ---------------------------------------------------------------------------

    def _allowed(self) -> str | None:
        """The request's path when it carries the token and names this host; else 403."""
        url = urlsplit(self.path)
        token = parse_qs(url.query).get("t", [""])[0]
        host = self.headers.get("Host", "")
        port = self.server.server_address[1]
        good_host = host in (f"127.0.0.1:{port}", f"localhost:{port}")
        if not (good_host and hmac.compare_digest(token.encode(), self.review.token.encode())):
            self._error(HTTPStatus.FORBIDDEN, "forbidden")
            return None
        self.review.last_request = time.monotonic()
        return url.path

    def _index(self, text: str) -> int | None:
        if text.isdigit() and int(text) < len(self.review.files):
            return int(text)
        self._error(HTTPStatus.NOT_FOUND, "no such file")
        return None

    # --- answers --------------------------------------------------------------------------

    def _files(self) -> dict[str, Any]:
        return {
            "files": [
                {"id": i, "file": f.file, "output": f.output}
                for i, f in enumerate(self.review.files)
            ],
            "kinds": [
                {"kind": s.kind, "zh": s.zh, "en": s.en, "colour": s.colour} for s in KIND_STYLES
            ],
            "hand_kinds": list(HAND_KINDS),
        }

    def _load(self, index: int) -> FilePlan:
        return FilePlan.load(self.review.folder.plan_path(self.review.files[index].file))

    def _plan(self, index: int) -> dict[str, Any]:
        plan = self._load(index)
        entry = self.review.files[index]
        return {
            "id": index,
            "file": entry.file,
            "output": entry.output,
            "pages": [
                {
                    "number": p.number,
                    "width": p.width,
                    "height": p.height,
                    "regions": [_region_json(r) for r in p.regions],
                    "removed": [_region_json(r) for r in p.removed],
                }
                for p in plan.pages
            ],
        }

    def _image(self, index: int, number: int) -> None:
        key = (index, number)
        body = self.review.images.get(key)
        if body is None:
            plan = self._load(index)
            page = next((p for p in plan.pages if p.number == number), None)
            if page is None:
                return self._error(HTTPStatus.NOT_FOUND, "no such page")
            try:
                image = render.full_page(
                    self.review.folder.source(plan), number, page.dpi, (page.width, page.height)
                )
            except (RedactorError, OSError, ValueError) as exc:
                return self._error(HTTPStatus.CONFLICT, f"cannot read the original: {exc}")
            body = render.jpeg_bytes(image, self.review.settings.image_quality)
            with self.review.images_lock:  # requests run in threads of their own
                cache = self.review.images
                while len(cache) >= self.review.settings.cached_images:
                    cache.pop(next(iter(cache)))
                cache[key] = body
        return self._send(HTTPStatus.OK, body, "image/jpeg")

    def _save(self, index: int, edits: dict[str, Any]) -> dict[str, Any]:
        state = self.review
        entry = state.files[index]
        with state.save_lock:
            plan = edited_plan(self._load(index), edits)
            rows = save_review(state.folder, entry.file, plan, entry.output)
            note = ""
            if state.settings.update_report:
                note = _update_report(state.folder)
        return {
            "ok": True,
            "pages": [{"number": r.page, "needs_masking": r.needs_masking} for r in rows],
            "report": note,
        }

    # --- sending --------------------------------------------------------------------------

    def _json(self, status: HTTPStatus, data: Any) -> None:
        body = json.dumps(data, ensure_ascii=False).encode("utf-8")
        self._send(status, body, "application/json; charset=utf-8")

    def _error(self, status: HTTPStatus, message: str) -> None:
        self._json(status, {"ok": False, "error": message})

    def _send(self, status: HTTPStatus, body: bytes, kind: str) -> None:
        self.send_response(status)
        self.send_header("Content-Type", kind)
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Cache-Control", "no-store")
        self.send_header("X-Content-Type-Options", "nosniff")
        self.send_header("Referrer-Policy", "no-referrer")
        self.send_header("X-Frame-Options", "DENY")
        self.send_header(
            "Content-Security-Policy",
            "default-src 'self'; img-src 'self'; style-src 'self'; script-src 'self'; "
            "connect-src 'self'; frame-ancestors 'none'",
        )
        self.end_headers()
        self.wfile.write(body)


def _region_json(region: Any) -> dict[str, Any]:
    return {
        "id": region.id,
        "kind": region.kind,
        "source": region.source,
        "polygon": [list(p) for p in region.polygon],
    }


def _update_report(folder: ReviewFolder) -> str:
    from redactor.report import write_report

    try:
        write_report(folder.out_dir, folder.audit_dir, input_root=folder.input_root)
    except (RedactorError, OSError) as exc:
        return f"report not updated: {exc}"
    return ""


def redirect_file(folder: Path) -> Path:
    return records.state_dir(folder) / "review-open.html"


def open_in_browser(url: str, folder: Path) -> None:
    """Open ``url`` through a private file holding a redirect (mode 0600), so the token never
    appears on a command line other local users could list (``ps``). The caller removes the
    file when the session ends (``redirect_file``)."""
    import os
    import webbrowser

    path = redirect_file(folder)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as fh:
        fh.write(f'<!DOCTYPE html><meta http-equiv="refresh" content="0;url={url}">')
    webbrowser.open(path.resolve().as_uri())
