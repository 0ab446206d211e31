"""The FastAPI application: JSON API under ``/api``, the web UI at ``/``, offline docs.

``create_app`` is a factory so tests and ``newsgraph serve`` build the same app from
settings. Reads use one read-only SQLite connection per worker thread (WAL readers never
block the writer); the optional ingest endpoint is the only writer.
"""

from __future__ import annotations

import ipaddress
import logging
import sqlite3
import threading
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import HTMLResponse, JSONResponse, Response
from fastapi.staticfiles import StaticFiles
from starlette.exceptions import HTTPException as StarletteHTTPException

from newsgraph.api.problems import PROBLEM_MEDIA, GuardMiddleware, problem
from newsgraph.store import Store
from newsgraph.store.queries import EventFilter, Queries, ResultCache

log = logging.getLogger("newsgraph.api")


@dataclass(frozen=True, slots=True)
class Settings:
    """What ``newsgraph serve`` passes to the app."""

    db: Path
    host: str = "127.0.0.1"
    enable_ingest: bool = False
    enable_corrections: bool = True  # the analyst's corrections layer (POST /api/corrections)
    token: str | None = None
    max_body: int = 64 * 1024
    max_ingest_body: int = 5_000_000


def is_loopback(host: str) -> bool:
    """True for addresses only this machine can reach."""
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


class Readers:
    """One read-only ``Store`` per thread, closed when the app stops.

    All threads share one ``ResultCache``: an aggregate computed by one worker serves every
    other until an ingest changes the store.
    """

    def __init__(self, db: Path) -> None:
        self.db = db
        self.cache = ResultCache()
        self._local = threading.local()
        self._all: list[Store] = []
        self._lock = threading.Lock()

    def get(self) -> Queries:
        q: Queries | None = getattr(self._local, "q", None)
        if q is None:
            store = Store(self.db, readonly=True)
            q = Queries(store, self.cache)
            self._local.q = q
            with self._lock:
                self._all.append(store)
        return q

    def close(self) -> None:
        with self._lock:
            for s in self._all:
                try:
                    s.close()
                except Exception:  # pragma: no cover - closing from another thread
                    log.debug("could not close a reader", exc_info=True)
            self._all.clear()

    def warm(self) -> None:
        """Compute the whole-store aggregates the pages open with, before the first visitor
        asks (each takes a whole-table scan, about 0.1 s per 100k events)."""
        q = self.get()
        try:
            q.stats()
            q.timeline(EventFilter())
            q.dyads()
            q.network(level="country")
            q.network()
            q.actors()
            q.articles(limit=10)
            q.events(EventFilter())
        except Exception:  # pragma: no cover - warming is an optimisation only
            log.warning("could not warm the result cache", exc_info=True)


def wants_json(request: Request) -> bool:
    """API paths, ``?format=json`` and clients that ask for JSON get problem JSON."""
    if request.url.path.startswith("/api") or request.url.path == "/openapi.json":
        return True
    if request.query_params.get("format") == "json":
        return True
    accept = request.headers.get("accept", "")
    return "json" in accept and "text/html" not in accept


def create_app(settings: Settings) -> FastAPI:
    """Build the app; refuses an open ingest endpoint on a non-loopback address."""
    if settings.enable_ingest and not is_loopback(settings.host) and not settings.token:
        raise ValueError("the ingest endpoint on a non-loopback address needs a token "
                         "(--token or NEWSGRAPH_TOKEN)")
    if not settings.db.exists():
        raise FileNotFoundError(f"no database at {settings.db}: run `newsgraph ingest` first")
    _migrate(settings.db)
    readers = Readers(settings.db)

    @asynccontextmanager
    async def lifespan(_: FastAPI) -> AsyncIterator[None]:
        threading.Thread(target=readers.warm, name="newsgraph-warm", daemon=True).start()
        yield
        readers.close()

    app = FastAPI(
        lifespan=lifespan,
        title="newsgraph",
        version="0.1.0",
        summary="Evidence-linked news events: articles, events, quotes, actors, dyads.",
        docs_url=None, redoc_url=None,  # served below from packaged files, never a CDN
    )
    app.state.settings = settings
    app.state.readers = readers

    from newsgraph.api.routes import router as api_router
    from newsgraph.watch.api import router as watch_router
    from newsgraph.web import router as web_router
    from newsgraph.web.alerts import router as alerts_router

    app.include_router(api_router)
    app.include_router(watch_router)
    app.include_router(web_router)
    app.include_router(alerts_router)
    web_static = resources.files("newsgraph.web").joinpath("static")
    app.mount("/static", StaticFiles(directory=str(web_static)), name="static")
    _mount_docs(app)
    _add_error_handlers(app)
    app.add_middleware(GuardMiddleware, max_body=settings.max_body,
                       max_ingest_body=settings.max_ingest_body)
    return app


def _migrate(db: Path) -> None:
    """Bring an older store up to the schema the read layer expects (indexes, read model);
    a store the server may not write is served as it is."""
    try:
        Store(db).close()
    except sqlite3.Error:
        log.warning("could not migrate %s; serving it read-only as it is", db, exc_info=True)


def _mount_docs(app: FastAPI) -> None:
    """Swagger UI from the files packaged in ``fastapi_offline``; a plain note without it."""
    try:
        import fastapi_offline

        assets: Path | None = Path(fastapi_offline.__file__).parent / "static"
    except ImportError:  # pragma: no cover - the dependency is declared
        assets = None
    if assets is not None and (assets / "swagger-ui-bundle.js").exists():
        app.mount("/docs/assets", StaticFiles(directory=str(assets)), name="docs-assets")

    @app.get("/docs", include_in_schema=False)
    def docs() -> HTMLResponse:
        if assets is None:  # pragma: no cover
            return HTMLResponse("<p>Interactive docs need fastapi-offline; the API is "
                                "described at <a href='/openapi.json'>/openapi.json</a>.</p>")
        return HTMLResponse(
            "<!doctype html><html><head><meta charset='utf-8'><title>newsgraph API</title>"
            "<link rel='stylesheet' href='/docs/assets/swagger-ui.css'>"
            "<link rel='icon' href='/docs/assets/favicon.png'></head><body>"
            "<div id='swagger-ui'></div>"
            "<script src='/docs/assets/swagger-ui-bundle.js'></script>"
            "<script src='/static/swagger-init.js'></script></body></html>")


def _add_error_handlers(app: FastAPI) -> None:
    from newsgraph.web import render_error

    def respond(request: Request, body: dict[str, Any],
                headers: dict[str, str] | None = None) -> Response:
        if wants_json(request):
            return JSONResponse(body, status_code=body["status"], media_type=PROBLEM_MEDIA,
                                headers=headers)
        return render_error(request, body)

    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, exc: StarletteHTTPException) -> Response:
        detail = exc.detail if isinstance(exc.detail, str) else None
        body = problem(exc.status_code, detail)
        return respond(request, body, dict(exc.headers) if exc.headers else None)

    @app.exception_handler(RequestValidationError)
    async def invalid(request: Request, exc: RequestValidationError) -> Response:
        errors = [{"loc": [str(x) for x in e.get("loc", ())], "msg": str(e.get("msg", ""))}
                  for e in exc.errors()]
        detail = "; ".join(f"{'.'.join(e['loc'])}: {e['msg']}" for e in errors)
        return respond(request, problem(422, detail, errors=errors))

    @app.exception_handler(Exception)
    async def crashed(request: Request, exc: Exception) -> Response:
        log.exception("unhandled error on %s", request.url.path)
        return respond(request, problem(500, "unexpected error; see the server log"))
