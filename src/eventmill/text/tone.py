"""Tone of articles and event sentences from VADER, on a GDELT-like scale.

Scale: VADER's compound score (-1..+1) times 10, so -10..+10. GDELT's AvgTone is nominally
-100..+100 but news almost always falls within -10..+10, so numbers read alike; they are *not*
the same measure (GDELT: % positive words minus % negative words).

- `sentence_tone(s)` = 10 × compound(s).
- `article_tone(text)` = mean of `sentence_tone` over the article's sentences (neutral ones
  included), as the package's one splitter (`eventmill.text.sentences`) cuts them. VADER's
  compound saturates on long texts (it normalises a growing sum, so a long article reads as
  ±10 whatever its balance); averaging sentences keeps article tone comparable across
  lengths and on the same scale as a single mention.

VADER's lexicon ships inside the `vaderSentiment` package; nothing is downloaded.
"""
from __future__ import annotations

from functools import lru_cache
from typing import TYPE_CHECKING

from eventmill.text.sentences import split_sentences

if TYPE_CHECKING:
    from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer

__all__ = ["article_tone", "sentence_tone", "split_sentences", "SCALE"]

SCALE = 10.0

_analyzer: SentimentIntensityAnalyzer | None = None


def _get_analyzer() -> SentimentIntensityAnalyzer:
    # Built once per process: it reads its ~7,500-word lexicon file (≈20 ms).
    global _analyzer
    if _analyzer is None:
        from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer

        _analyzer = SentimentIntensityAnalyzer()
    return _analyzer


@lru_cache(maxsize=65536)
def _compound(sentence: str) -> float:
    # Several events usually share one sentence, and wire copy repeats sentences verbatim.
    return float(_get_analyzer().polarity_scores(sentence)["compound"])


def sentence_tone(text: str) -> float:
    """Tone of one sentence: 10 × VADER compound, in [-10, +10]; 0.0 for blank text."""
    text = text.strip()
    if not text:
        return 0.0
    return round(SCALE * _compound(text), 4)


def article_tone(text: str) -> float:
    """Tone of an article: the mean sentence tone, in [-10, +10]; 0.0 for blank text."""
    sentences = split_sentences(text)
    if not sentences:
        return 0.0
    return round(SCALE * sum(_compound(s) for s in sentences) / len(sentences), 4)
