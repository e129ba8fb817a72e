"""The package's one sentence splitter: a text's lines, then spaCy's rule-based sentencizer
inside each line (a line break always ends a sentence). The article stage codes what it
splits; tone, the dates stage's lead and the GDELT export's sentence numbers read the same
sentences."""
from __future__ import annotations

import functools
import re
from collections.abc import Iterable, Iterator

import spacy
from spacy.language import Language
from spacy.symbols import ORTH

from eventmill.resources import load_yaml

LINE = re.compile(r"[^\n]+")

Ranges = list[tuple[int, int]]
# a sentence of a line: its character range and its words in lower case
Sentence = tuple[int, int, list[str]]


@functools.cache
def _sentencizer() -> Language:
    nlp = spacy.blank("en")
    keep_abbreviations(nlp)
    nlp.add_pipe("sentencizer")
    return nlp


def keep_abbreviations(nlp: Language) -> None:
    """Make the tokenizer keep the titles of `sentences.yaml` whole, so that their full stop
    ends no sentence ("Col. Peter Lerner said")."""
    for abbreviation in load_yaml("sentences.yaml")["abbreviations"]:
        nlp.tokenizer.add_special_case(abbreviation, [{ORTH: abbreviation}])


def split_lines(lines: Iterable[str]) -> Iterator[list[Sentence]]:
    """For each line, its sentences: character range (without surrounding spaces) and words."""
    for doc in _sentencizer().pipe(lines):
        out = []
        for sent in doc.sents:
            words = [t for t in sent if not t.is_space]
            if words:
                out.append((words[0].idx, words[-1].idx + len(words[-1].text), [t.lower_ for t in words]))
        yield out


def sentence_ranges(text: str) -> Ranges:
    """Character ranges of every sentence of `text`, in order."""
    lines = [(m.start(), m.group()) for m in LINE.finditer(text)]
    return [(pos + s, pos + e) for (pos, _), sents in zip(lines, split_lines(line for _, line in lines))
            for s, e, _ in sents]


def split_sentences(text: str) -> list[str]:
    """The non-blank sentences of `text`."""
    return [text[s:e] for s, e in sentence_ranges(text)]


def lead_sentences(text: str, n: int = 6) -> list[str]:
    """The first `n` sentences of an article."""
    out = []
    for m in LINE.finditer(text):
        for s, e, _ in next(split_lines([m.group()])):
            out.append(m.group()[s:e])
            if len(out) == n:
                return out
    return out
