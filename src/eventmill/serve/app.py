"""The HTTP API and the dashboard over a store (FastAPI).

`create_app(path)` serves a store read-only; `allow_writes=True` adds coding through
`POST /api/articles`. Every read goes through eventmill.store.queries, as the CLI's does.
"""
from __future__ import annotations

import csv
import datetime as dt
import io
import json
import logging
import threading
from collections.abc import Callable
from contextlib import asynccontextmanager
from importlib import resources
from pathlib import Path
from typing import Any, Literal

from fastapi import Depends, FastAPI, Query, Request
from fastapi.encoders import jsonable_encoder
from fastapi.exceptions import RequestValidationError
from fastapi.responses import FileResponse, JSONResponse, Response
from fastapi.staticfiles import StaticFiles
from pydantic import BaseModel, ConfigDict, Field, TypeAdapter, ValidationError
from starlette.concurrency import run_in_threadpool

from eventmill.io.writers import FLAT_COLUMNS, flatten_event
from eventmill.serve.cache import AnswerCache
from eventmill.serve.store_access import StoreAccess
from eventmill.store import queries
from eventmill.store.queries import EventFilter, QueryError
from eventmill.types import Article

__all__ = ["create_app", "ArticleIn", "MAX_BODY_BYTES", "MAX_ARTICLE_CHARS", "MAX_ARTICLES"]

log = logging.getLogger("eventmill.serve")

MAX_BODY_BYTES = 2_000_000      # one POST body
MAX_ARTICLE_CHARS = 100_000     # one article's text (a long feature is ~30k)
MAX_ARTICLES = 50               # articles per POST: coding is ~20 ms per 1k characters
_TEXT = 200                     # longest filter string

STATIC = Path(str(resources.files("eventmill") / "serve" / "static"))


class ArticleIn(BaseModel):
    """One article to code: the fields of a JSONL input line."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=False)
    id: str = Field(min_length=1, max_length=200, pattern=r"^[^\x00-\x1f]+$")
    date: dt.date
    text: str = Field(min_length=1, max_length=MAX_ARTICLE_CHARS)
    url: str | None = Field(default=None, max_length=2000)
    source: str | None = Field(default=None, max_length=200)


_ARTICLES = TypeAdapter(list[ArticleIn])


def _error(status: int, field: str | None, message: str) -> JSONResponse:
    loc = ["query", field] if field else []
    return JSONResponse({"detail": [{"loc": loc, "msg": message, "type": "value_error"}]},
                        status_code=status)


def _filters(
    since: dt.date | None = Query(None, description="first event date, inclusive"),
    until: dt.date | None = Query(None, description="last event date, inclusive"),
    actor: str | None = Query(None, max_length=_TEXT,
                              description="country code, or part of a name, of source or target"),
    root: str | None = Query(None, max_length=2, description="CAMEO root code 01..20"),
    country: str | None = Query(None, max_length=_TEXT,
                                description="country of the location or of either actor"),
    quad: int | None = Query(None, ge=1, le=4, description="quad class: 1 verbal coop. .. 4 material conflict"),
    source: str | None = Query(None, max_length=_TEXT, description="as actor, source side only"),
    target: str | None = Query(None, max_length=_TEXT, description="as actor, target side only"),
    q: str | None = Query(None, max_length=_TEXT, description="text in the sentence"),
    min_confidence: float | None = Query(None, ge=0.0, le=1.0),
) -> EventFilter:
    return EventFilter.of(since=since, until=until, actor=actor, root=root, country=country, quad=quad,
                          source=source, target=target, q=q, min_confidence=min_confidence)


def _wants_csv(request: Request, fmt: str | None) -> bool:
    if fmt is not None:
        return fmt == "csv"
    accept = request.headers.get("accept", "")
    return "text/csv" in accept and "application/json" not in accept


_JSON = "application/json"
_CSV = "text/csv; charset=utf-8"


def _json_bytes(obj: Any) -> bytes:
    # the answers are plain dicts of str/int/float/None: the C encoder, no per-field walk
    return json.dumps(obj, ensure_ascii=False, separators=(",", ":"), default=str).encode()


def _csv_bytes(rows: list[dict[str, Any]], columns: list[str]) -> bytes:
    buf = io.StringIO()
    writer = csv.DictWriter(buf, fieldnames=columns, extrasaction="ignore")
    writer.writeheader()
    writer.writerows(rows)
    return buf.getvalue().encode()


def create_app(
    path: str | Path,
    *,
    allow_writes: bool = False,
    coder_factory: Callable[[], Any] | None = None,
) -> FastAPI:
    """The API and dashboard over the store at `path`.

    coder_factory: builds the Coder for POST /api/articles on first use (tests pass the
    session's coder; the default loads the spaCy pipeline, ~2 s).
    """
    access = StoreAccess(path, allow_writes=allow_writes)
    cache = AnswerCache()
    coder_lock = threading.Lock()
    coder_box: list[Any] = []

    def get_coder() -> Any:
        with coder_lock:
            if not coder_box:
                if coder_factory is not None:
                    coder_box.append(coder_factory())
                else:
                    from eventmill.pipeline import Coder, build_nlp
                    coder_box.append(Coder(build_nlp()))
            return coder_box[0]

    @asynccontextmanager
    async def lifespan(app: FastAPI):  # type: ignore[no-untyped-def]
        access.open()
        yield
        access.close()

    app = FastAPI(
        title="eventmill",
        version="0.1.0",
        summary="Political event data (CAMEO/PLOVER) coded from news articles",
        lifespan=lifespan,
        docs_url=None,  # Swagger UI and ReDoc load from a CDN: the schema is at /openapi.json
        redoc_url=None,
    )
    app.state.access = access
    app.state.cache = cache

    def answer(request: Request, produce: Callable[[], tuple[str, bytes]], variant: str = "") -> Response:
        """The cached answer to this exact query, else produce() it and keep it."""
        key = f"{request.url.path}?{sorted(request.query_params.multi_items())}|{variant}"
        hit = cache.get(key)
        if hit is None:
            generation = cache.generation
            hit = produce()
            cache.put(key, *hit, generation=generation)
        return Response(hit[1], media_type=hit[0])

    @app.exception_handler(QueryError)
    async def query_error(request: Request, exc: QueryError) -> JSONResponse:
        return _error(422, exc.field, exc.message)

    @app.exception_handler(Exception)
    async def internal_error(request: Request, exc: Exception) -> JSONResponse:
        # the traceback goes to the server log, never to the client
        log.exception("error serving %s", request.url.path)
        return JSONResponse({"detail": "internal error; see the server log"}, status_code=500)

    # -- pages -----------------------------------------------------------------------------
    @app.get("/", include_in_schema=False)
    def index() -> FileResponse:
        return FileResponse(STATIC / "index.html", media_type="text/html")

    app.mount("/static", StaticFiles(directory=STATIC), name="static")

    # -- reads -----------------------------------------------------------------------------
    @app.get("/api/health", summary="Store size and whether writes are allowed")
    def health() -> dict[str, Any]:
        n = access.cursor().execute("SELECT count(*) FROM events").fetchone()[0]
        return {"status": "ok", "events": int(n), "writable": access.allow_writes,
                "pre_aggregated": access.rollup, "cache": cache.stats()}

    @app.get("/api/facets", summary="Countries, CAMEO roots and the date range, for pickers")
    def facets(request: Request) -> Response:
        return answer(request, lambda: (_JSON, _json_bytes(queries.facets(access.cursor()))))

    @app.get(
        "/api/events",
        summary="Events matching the filters, a page at a time",
        responses={200: {"content": {"application/json": {}, "text/csv": {}}}},
    )
    def events(
        request: Request,
        f: EventFilter = Depends(_filters),
        limit: int = Query(100, ge=0, le=queries.MAX_LIMIT),
        offset: int = Query(0, ge=0, le=queries.MAX_OFFSET),
        sort: str = Query("date", max_length=20,
                          description="date, goldstein, confidence, root or code; '-' first for descending"),
        format: Literal["json", "csv"] | None = Query(None, description="overrides the Accept header"),
    ) -> Any:
        as_csv = _wants_csv(request, format)

        def produce() -> tuple[str, bytes]:
            rows, total = queries.list_events(access.cursor(), f, limit=limit, offset=offset, sort=sort,
                                              with_total=True, rollup=access.rollup)
            if as_csv:
                return _CSV, _csv_bytes([flatten_event(r) for r in rows], list(FLAT_COLUMNS))
            return _JSON, _json_bytes({"total": total, "limit": limit, "offset": offset, "events": rows})

        return answer(request, produce, "csv" if as_csv else "json")

    # :path, as ids made from file names (article id + ":" + index) may hold slashes
    @app.get("/api/events/{event_id:path}", summary="One event with its article and the story's other mentions")
    def event(event_id: str) -> Any:
        if len(event_id) > 300:
            return _error(404, None, "no such event")
        access.fresh_stories()
        detail = queries.event_detail(access.cursor(), event_id)
        if detail is None:
            return JSONResponse({"detail": f"no event {event_id!r}"}, status_code=404)
        return detail

    @app.get("/api/stories", summary="Deduplicated story events with mention, article and source counts")
    def stories(
        request: Request,
        f: EventFilter = Depends(_filters),
        limit: int = Query(100, ge=0, le=queries.MAX_LIMIT),
        offset: int = Query(0, ge=0, le=queries.MAX_OFFSET),
    ) -> Response:
        def produce() -> tuple[str, bytes]:
            access.fresh_stories()
            rows, total = queries.list_stories(access.cursor(), f, limit=limit, offset=offset)
            return _JSON, _json_bytes({"total": total, "limit": limit, "offset": offset, "stories": rows})

        return answer(request, produce)

    @app.get("/api/timeline", summary="Per period: events per quad class, summed Goldstein, mean tone")
    def timeline(
        request: Request,
        f: EventFilter = Depends(_filters),
        interval: Literal["auto", "day", "week", "month", "year"] = Query(
            "month", description="auto picks one that suits the matching events' span"),
    ) -> Response:
        def produce() -> tuple[str, bytes]:
            cur = access.cursor()
            every = queries.auto_interval(cur, f, rollup=access.rollup) if interval == "auto" else interval
            periods = queries.timeline(cur, f, every, rollup=access.rollup)
            return _JSON, _json_bytes({"interval": every, "periods": periods})

        return answer(request, produce)

    @app.get("/api/dyads", summary="Top source → target country pairs")
    def dyads(request: Request, f: EventFilter = Depends(_filters),
              limit: int = Query(25, ge=0, le=500)) -> Response:
        return answer(request, lambda: (_JSON, _json_bytes({"dyads": queries.dyads(access.cursor(), f, limit)})))

    @app.get("/api/places", summary="Events per located place, with latitude and longitude")
    def places(request: Request, f: EventFilter = Depends(_filters),
               limit: int = Query(1000, ge=0, le=10_000)) -> Response:
        return answer(request, lambda: (_JSON, _json_bytes({"places": queries.places(access.cursor(), f, limit)})))

    # -- writes ----------------------------------------------------------------------------
    body_schema = {"type": "array", "maxItems": MAX_ARTICLES, "minItems": 1,
                   "items": ArticleIn.model_json_schema()}

    @app.post(
        "/api/articles",
        summary="Code articles, store them and answer their events (needs --allow-writes)",
        openapi_extra={"requestBody": {"required": True,
                                       "content": {"application/json": {"schema": body_schema}}}},
        responses={403: {"description": "the server is read-only"},
                   413: {"description": "body too large"},
                   400: {"description": "body is not JSON"}},
    )
    async def post_articles(request: Request) -> Any:
        if not access.allow_writes:
            return _error(403, None, "this server is read-only: start it with --allow-writes")
        length = request.headers.get("content-length")
        if length is not None and (not (length.isascii() and length.isdigit()) or int(length) > MAX_BODY_BYTES):
            return _error(413, None, f"body larger than {MAX_BODY_BYTES} bytes")
        chunks, size = [], 0
        async for chunk in request.stream():
            size += len(chunk)
            if size > MAX_BODY_BYTES:
                return _error(413, None, f"body larger than {MAX_BODY_BYTES} bytes")
            chunks.append(chunk)
        try:
            data = json.loads(b"".join(chunks))
        except (ValueError, UnicodeDecodeError) as exc:
            return _error(400, None, f"body is not JSON: {exc}")
        if isinstance(data, dict) and "articles" in data:
            data = data["articles"]
        if isinstance(data, dict):
            data = [data]
        try:
            items = _ARTICLES.validate_python(data)
        except ValidationError as exc:
            errors = exc.errors(include_url=False, include_context=False, include_input=False)
            return JSONResponse({"detail": jsonable_encoder(
                [{**e, "loc": ["body", *e["loc"]]} for e in errors])}, status_code=422)
        if not items:
            return _error(422, None, "body: no articles")
        if len(items) > MAX_ARTICLES:
            return _error(413, None, f"at most {MAX_ARTICLES} articles per request")
        articles = [Article(id=a.id, date=a.date, text=a.text, url=a.url, source=a.source, origin="api")
                    for a in items]
        return await run_in_threadpool(_code_and_store, articles)

    def _code_and_store(articles: list[Article]) -> dict[str, Any]:
        coder = get_coder()
        with coder_lock:  # one spaCy pipeline, one document at a time
            batch = list(coder.code(articles))
        access.save(batch)
        cache.clear()  # every cached answer may have changed
        ids = [a.id for a, _ in batch]
        cur = access.cursor()
        rows = cur.execute(
            f"SELECT {', '.join(FLAT_COLUMNS)} FROM events WHERE list_contains(?, article_id)"
            " ORDER BY date, article_id, span_start, event_id", [ids])
        names = [d[0] for d in rows.description]
        events = [queries.row_to_event(dict(zip(names, r))) for r in rows.fetchall()]
        return {"articles": len(ids), "events": events}

    @app.exception_handler(RequestValidationError)
    async def validation_error(request: Request, exc: RequestValidationError) -> JSONResponse:
        errors = [{k: v for k, v in e.items() if k in ("loc", "msg", "type")} for e in exc.errors()]
        return JSONResponse({"detail": jsonable_encoder(errors)}, status_code=422)

    return app
