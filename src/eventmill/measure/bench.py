"""`eventmill bench`: throughput and memory of the whole path, against plain spaCy parsing.

Both sides get the same texts in the same run. The articles are drawn from a corpus by
recombining its paragraphs at random (fixed seed), so no two are alike and no cache helps.
"""
from __future__ import annotations

import datetime as dt
import json
import random
import resource
import tempfile
import time
from pathlib import Path
from typing import Any

import spacy
from tqdm import tqdm

from eventmill.pipeline import MODEL, Coder, build_nlp
from eventmill.io.readers import read_articles
from eventmill.store import Store
from eventmill.types import Article

EXAMPLES = Path(__file__).resolve().parents[3] / "examples"  # the repo root


def _paragraphs(corpus: Path) -> list[str]:
    paras = []
    for article in read_articles([corpus], lambda where, msg: None):
        paras += [p.strip() for p in article.text.split("\n\n") if len(p.split()) > 5]
    if not paras:
        raise ValueError(f"no usable articles under {corpus}")
    return paras


def make_articles(n: int, corpus: Path, seed: int = 7,
                  paragraphs: tuple[int, int] = (6, 12)) -> list[Article]:
    """`n` distinct articles of 6-12 (`paragraphs`) paragraphs recombined from the corpus."""
    rng = random.Random(seed)
    paras = _paragraphs(corpus)
    start = dt.date(2015, 1, 1)
    out = []
    for i in range(n):
        k = min(len(paras), rng.randint(*paragraphs))
        text = "\n\n".join(rng.sample(paras, k))
        out.append(Article(id=f"bench-{i:05d}", date=start + dt.timedelta(days=i % 3000), text=text))
    return out


def _peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def run_bench(n_articles: int = 500, corpus: str | None = None, progress: bool = True) -> dict[str, Any]:
    articles = make_articles(n_articles, Path(corpus) if corpus else EXAMPLES)
    texts = [a.text for a in articles]
    words = sum(len(t.split()) for t in texts)

    baseline = spacy.load(MODEL)
    t0 = time.perf_counter()
    for _ in tqdm(baseline.pipe(texts), total=len(texts), desc="baseline spaCy", disable=not progress):
        pass
    base_s = time.perf_counter() - t0
    del baseline

    with tempfile.TemporaryDirectory() as tmp:
        src = Path(tmp) / "bench.jsonl"
        with src.open("w", encoding="utf-8") as fh:
            for a in articles:
                fh.write(json.dumps({"id": a.id, "date": a.date.isoformat(), "text": a.text}) + "\n")
        coder = Coder(build_nlp())
        t0 = time.perf_counter()
        n_events = 0
        with Store(Path(tmp) / "bench.duckdb") as store:
            batch = []
            stream = coder.code(read_articles([src], lambda where, msg: None))
            for article, events in tqdm(stream, total=len(articles), desc="eventmill", disable=not progress):
                batch.append((article, events))
                n_events += len(events)
                if len(batch) >= 256:
                    store.save_many(batch)
                    batch = []
            store.save_many(batch)
        em_s = time.perf_counter() - t0

    return {
        "articles": len(articles),
        "words": words,
        "events": n_events,
        "articles_per_s": round(len(articles) / em_s, 2),
        "words_per_s": round(words / em_s, 1),
        "baseline_articles_per_s": round(len(articles) / base_s, 2),
        "baseline_words_per_s": round(words / base_s, 1),
        "ratio": round(base_s / em_s, 3),
        "peak_rss_mb": round(_peak_rss_mb(), 1),
    }


_UNITS = {"": 1, "K": 1_000, "M": 1_000_000}


def parse_sizes(text: str) -> list[tuple[str, int]]:
    """'50K,500K,5M' -> [('50K', 50000), ...]: article sizes in characters."""
    sizes = []
    for label in (part.strip().upper() for part in text.split(",") if part.strip()):
        number, unit = label.rstrip("KMB"), label[len(label.rstrip("KMB")):].rstrip("B")
        if not number.isdigit() or unit not in _UNITS or int(number) == 0:
            raise ValueError(f"not an article size: {label!r} (e.g. 50K, 500K, 5M)")
        sizes.append((label, int(number) * _UNITS[unit]))
    if not sizes:
        raise ValueError("no article size given (e.g. 50K,500K)")
    return sizes


def long_article(n_chars: int, corpus: Path = EXAMPLES, seed: int = 7) -> Article:
    """One article of `n_chars` characters: corpus paragraphs in random order, cut to size."""
    rng = random.Random(seed)
    paras = _paragraphs(corpus)
    parts: list[str] = []
    length = 0
    while length < n_chars:
        para = rng.choice(paras)
        parts.append(para)
        length += len(para) + 2
    return Article(id=f"bench-{n_chars}", date=dt.date(2020, 1, 1), text="\n\n".join(parts)[:n_chars])


def run_length_bench(sizes: str = "50K,500K", progress: bool = True,
                     coder: Coder | None = None) -> dict[str, Any]:
    """Coding time of one article per size: linear growth shows as a flat s_per_100k_chars."""
    wanted = parse_sizes(sizes)
    coder = coder or Coder(build_nlp())
    coder.code_one(long_article(2_000))  # first call pays for lazy loading
    result: dict[str, Any] = {}
    for label, n_chars in tqdm(wanted, desc="lengths", disable=not progress):
        article = long_article(n_chars)
        t0 = time.perf_counter()
        events = coder.code_one(article)
        seconds = time.perf_counter() - t0
        result[label] = {"chars": len(article.text), "seconds": round(seconds, 2),
                         "s_per_100k_chars": round(seconds * 100_000 / len(article.text), 3),
                         "events": len(events)}
    result["peak_rss_mb"] = round(_peak_rss_mb(), 1)
    return result
