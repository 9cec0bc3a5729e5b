"""HTTP for the web app (the only starlette and uvicorn imports): routes wired to the handlers, each GET page
also as `<path>.json`; sessions, sign-in, CSRF on every POST, a Content-Security-Policy without inline
scripts, the Host header checked (a page elsewhere cannot reach 127.0.0.1 by DNS rebinding), upload sizes
capped from [limits]; handlers run in worker threads, server-sent events poll the job runner."""
from __future__ import annotations

import asyncio
import sys
import time
import traceback
from urllib.parse import quote

import uvicorn
from starlette.applications import Starlette
from starlette.concurrency import run_in_threadpool
from starlette.datastructures import UploadFile
from starlette.requests import Request as StarletteRequest
from starlette.responses import FileResponse, HTMLResponse, JSONResponse, RedirectResponse, Response, StreamingResponse
from starlette.routing import Route as StarletteRoute
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from ..errors import PipelineError
from .app import MAX_FILES, STATIC, Route, Site
from .auth import COOKIE
from .http import Download, EventStream, HTTPError, Page, Redirect, Request, Upload
from .i18n import LANGUAGES, negotiate
from .render import render

CSP = ("default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; "
       "form-action 'self'; frame-ancestors 'none'; base-uri 'none'; object-src 'none'")
HEADERS = {"content-security-policy": CSP, "x-content-type-options": "nosniff", "x-frame-options": "DENY",
           "referrer-policy": "same-origin", "cross-origin-opener-policy": "same-origin"}
POLL_SECONDS, KEEPALIVE_SECONDS = 0.25, 15.0
SAFE_METHODS = ("GET", "HEAD")


class Guard:
    """ASGI middleware: the Host header must name this server, bodies stay under the upload cap, and every
    response carries the security headers."""

    def __init__(self, app: ASGIApp, hosts: set[str], max_body: int):
        self.app, self.hosts, self.max_body = app, hosts, max_body

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            return await self.app(scope, receive, send)
        headers = dict(scope["headers"])
        if _hostname(headers.get(b"host", b"").decode("latin-1")) not in self.hosts:
            return await _plain(send, 421, "unknown Host: this server answers for " + ", ".join(sorted(self.hosts)))
        length = headers.get(b"content-length", b"0")
        if not length.isdigit() or int(length) > self.max_body:
            return await _plain(send, 413, f"the upload is larger than {self.max_body:,} bytes in all "
                                           "(4 x [limits] input_bytes in press.toml): send fewer files at once")
        received = 0

        async def counted() -> Message:
            nonlocal received
            message = await receive()
            received += len(message.get("body", b""))
            if received > self.max_body:
                raise HTTPError(413, "the upload is too large")
            return message

        async def secured(message: Message) -> None:
            if message["type"] == "http.response.start":
                present = {name.lower() for name, _ in message.get("headers", [])}
                message["headers"] = list(message.get("headers", [])) + [
                    (name.encode(), value.encode()) for name, value in HEADERS.items() if name.encode() not in present]
            await send(message)

        await self.app(scope, counted, secured)


def _hostname(host: str) -> str:
    """Return the name in a Host header without its port ([::1]:8765 -> ::1)."""
    if host.startswith("["):
        return host[1:].partition("]")[0]
    return host.rpartition(":")[0] if ":" in host else host


async def _plain(send: Send, status: int, text: str) -> None:
    body = text.encode()
    await send({"type": "http.response.start", "status": status,
                "headers": [(b"content-type", b"text/plain; charset=utf-8"), (b"content-length", str(len(body)).encode())]
                + [(name.encode(), value.encode()) for name, value in HEADERS.items()]})
    await send({"type": "http.response.body", "body": body})


def create_app(site: Site, hosts: set[str] | None = None) -> ASGIApp:
    """Return the ASGI app of `site`, answering for `hosts` (default: the address it listens on, localhost)."""
    routes = []
    for route in site.routes():
        if route.method == "GET" and route.page:
            routes.append(StarletteRoute(route.path + ".json", _endpoint(site, route, True), methods=["GET"]))
        routes.append(StarletteRoute(route.path, _endpoint(site, route, False), methods=[route.method]))
    routes.append(StarletteRoute("/static/{name}", _static, methods=["GET"]))
    app = Starlette(routes=routes)
    allowed = hosts or {site.host, "localhost", "127.0.0.1", "::1"}
    return Guard(app, allowed, 4 * site.config.limits.input_bytes)


async def _static(request: StarletteRequest) -> Response:
    path = STATIC.get(request.path_params["name"])  # the files shipped, by name; nothing else
    if path is None:
        return Response("not found", 404, media_type="text/plain")
    return FileResponse(path, headers={"cache-control": "public, max-age=3600"})


def _endpoint(site: Site, route: Route, as_json: bool):
    async def endpoint(request: StarletteRequest) -> Response:
        keys = site.keys
        session = keys.loads(request.cookies.get(COOKIE, "")) or keys.new_session()
        before = keys.dumps(session)
        lang = session.lang if session.lang in LANGUAGES else negotiate(request.headers.get("accept-language", ""))
        ours = Request(request.method, request.url.path, dict(request.path_params), dict(request.query_params),
                       session=session, lang=lang, csrf=keys.csrf(session), wants_json=as_json)
        try:
            reply = await _handle(site, route, request, ours)
        except HTTPError as error:
            reply = _error_page(error.status, error)
        except PipelineError as error:
            reply = _error_page(400, error)
        except Exception as error:  # noqa: BLE001 — a bug answers 500 and keeps its traceback on the console
            traceback.print_exc(file=sys.stderr)
            reply = _error_page(500, PipelineError(f"internal error: {type(error).__name__}",
                                                   hint="see the server's console"))
        response = await _respond(site, reply, ours, request)
        if keys.dumps(ours.session) != before or COOKIE not in request.cookies:
            response.set_cookie(COOKIE, keys.dumps(ours.session), httponly=True, samesite="lax", path="/")
        return response
    return endpoint


async def _handle(site: Site, route: Route, request: StarletteRequest, ours: Request):
    signed_in = bool(ours.session.user) or not site.sign_in.required
    if not signed_in and not route.public:
        if ours.wants_json or request.method not in SAFE_METHODS:
            raise HTTPError(401, "sign in first")
        return Redirect("/signin")
    if request.method not in SAFE_METHODS:
        origin = request.headers.get("origin")
        if origin and origin.split("://", 1)[-1] != request.headers.get("host", ""):
            raise HTTPError(403, "a form from another site", "use the pages of this server")
        await _read_form(request, ours)
        if not site.keys.csrf_ok(ours.session, ours.form.get("csrf_token") or request.headers.get("x-csrf-token", "")):
            raise HTTPError(403, "the form has expired or did not come from this server",
                            "reload the page and send it again")
    return await run_in_threadpool(route.handler, site, ours)


async def _read_form(request: StarletteRequest, ours: Request) -> None:
    form = await request.form(max_files=MAX_FILES, max_fields=200, max_part_size=1024 * 1024)
    for name, value in form.multi_items():
        if isinstance(value, UploadFile):
            if value.filename:
                ours.files.append(Upload(value.filename, value.file))
        else:
            ours.form.setdefault(name, value)
            ours.lists.setdefault(name, []).append(value)


def _error_page(status: int, error: PipelineError) -> Page:
    return Page("error.html", {"error": error.message, "hint": error.hint, "where": error.path or "",
                               "status": status}, status)


async def _respond(site: Site, reply, ours: Request, request: StarletteRequest) -> Response:
    if isinstance(reply, Redirect):
        return RedirectResponse(reply.location, status_code=303)
    if isinstance(reply, Download):
        disposition = _disposition(reply.filename)
        if reply.content is not None:
            return Response(reply.content, media_type=reply.media_type, headers={"content-disposition": disposition})
        assert reply.path is not None, "a Download without content is a file"
        return FileResponse(reply.path, media_type=reply.media_type, headers={"content-disposition": disposition})
    if isinstance(reply, EventStream):
        return StreamingResponse(_events(reply, request), media_type="text/event-stream",
                                 headers={"cache-control": "no-store", "x-accel-buffering": "no"})
    if ours.wants_json:
        return JSONResponse(reply.data, status_code=reply.status, headers={"cache-control": "no-store"})
    context = {**reply.data, "csrf": ours.csrf, "lang": ours.lang, "path": ours.path, "who": ours.session.who,
               "user": ours.session.user, "sign_in": site.sign_in.required, "version": site.version}
    html = await run_in_threadpool(render, reply.template, context, ours.lang)
    return HTMLResponse(html, status_code=reply.status, headers={"cache-control": "no-store"})


def _disposition(filename: str) -> str:
    quoted = quote(filename)
    return f"attachment; filename*=utf-8''{quoted}" if quoted != filename else f'attachment; filename="{filename}"'


async def _events(stream: EventStream, request: StarletteRequest):
    version, quiet_since = -1, time.monotonic()
    while not await request.is_disconnected():
        version, data = stream.poll(version)
        if data is not None:
            yield f"event: {stream.event}\ndata: {data}\n\n"
            quiet_since = time.monotonic()
        elif time.monotonic() - quiet_since > KEEPALIVE_SECONDS:
            yield ": keep-alive\n\n"
            quiet_since = time.monotonic()
        await asyncio.sleep(POLL_SECONDS)


def run(site: Site, port: int, announce=print) -> None:
    """Serve `site` on its host and `port` until Ctrl-C, then let the job in hand finish its file."""
    app = create_app(site)
    config = uvicorn.Config(app, host=site.host, port=port, log_level="warning", access_log=False,
                            timeout_graceful_shutdown=5)
    server = uvicorn.Server(config)
    site.start()
    announce(f"press serve: http://{'[' + site.host + ']' if ':' in site.host else site.host}:{port}/  "
             f"({site.sign_in.describe()}; Ctrl-C stops)")
    try:
        server.run()
    finally:
        site.close()


__all__ = ["CSP", "create_app", "run"]
