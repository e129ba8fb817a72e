"""The article stage: from a raw article to the Doc the other stages code.

Only body text is coded: a line that does not end like a sentence is a headline, byline or
caption (`rules/article.yaml`), and the dateline is cut off the line it opens. With the
prefilter on, only sentences holding a trigger word are kept: parsing is most of the cost, and
most sentences of an article hold none. The kept sentences are parsed by the pipeline's own
model and joined into one Doc whose `offsets` map every character back to the article.
"""
from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Iterator

from spacy.language import Language
from spacy.tokens import Doc
from spacy.util import compile_infix_regex

from eventmill.coding.build import STAGES
from eventmill.coding.dateline import Datelines
from eventmill.coding.settings import ArticleSettings
from eventmill.text.sentences import LINE, Ranges, split_lines


class ArticleComponent:
    """Raw article Doc in, coding Doc out (`doc._.offsets` set). A Doc that already has
    offsets (assembled by `eventmill.pipeline.Coder`, which parses many articles in one batch)
    passes through."""

    def __init__(self, nlp: Language, rules: ArticleSettings, datelines: Datelines,
                 trigger_forms: frozenset[str], prefilter: bool = True) -> None:
        self.nlp = nlp
        self.sentence_end = re.compile(rules.sentence_end)
        self.headline_max_words = rules.headline_max_words
        self.datelines = datelines
        self.forms = trigger_forms
        self.prefilter = prefilter

    def __call__(self, doc: Doc) -> Doc:
        if doc._.offsets is not None:
            return doc
        check_date(doc)
        ranges = self.select(doc.text)
        sent_docs = list(self.parse(doc.text[s:e] for s, e in ranges))
        return self.assemble(sent_docs, ranges, doc._.article_id, doc._.article_date, doc._.undated,
                             doc._.article_text if doc._.article_text is not None else doc.text)

    def select(self, text: str) -> Ranges:
        """Character ranges of the sentences worth parsing."""
        lines = []
        for m in LINE.finditer(text):
            line = m.group()
            if self.sentence_end.search(line) or len(line.split()) > self.headline_max_words:
                cut = self.datelines.end(line)  # stored pages put the dateline after their headers
                lines.append((m.start() + cut, line[cut:]))
        out = []
        for (pos, _), sentences in zip(lines, split_lines(line for _, line in lines)):
            for s, e, words in sentences:
                if not self.prefilter or any(w in self.forms for w in words):
                    out.append((pos + s, pos + e))
        return out

    def parse_pipes(self) -> list[tuple[str, object]]:
        """The components that annotate sentences (the model's, the trigger tagger): those
        before the first eventmill stage."""
        pipes = []
        for name, proc in self.nlp.pipeline:
            if name == "eventmill" or name in STAGES:
                break
            pipes.append((name, proc))
        return pipes

    def parse(self, texts: Iterable[str]) -> Iterator[Doc]:
        docs: Iterable[Doc] = (self.nlp.make_doc(t) for t in texts)
        for _, proc in self.parse_pipes():
            docs = proc.pipe(docs, batch_size=256) if hasattr(proc, "pipe") else map(proc, docs)
        return iter(docs)

    def assemble(self, sent_docs: list[Doc], ranges: Ranges, article_id: str | None,
                 article_date: dt.date, undated: bool, article_text: str) -> Doc:
        """One Doc of the parsed sentences of an article (an empty Doc when none was kept)."""
        doc = Doc.from_docs(sent_docs, ensure_whitespace=True) if sent_docs else Doc(self.nlp.vocab)
        offsets = []
        pos = 0
        for sd, (start, _) in zip(sent_docs, ranges):
            offsets.append((pos, start))
            pos += len(sd.text) + (0 if not sd.text or sd.text[-1].isspace() else 1)
        doc._.offsets = offsets
        doc._.article_id = article_id
        doc._.article_date = article_date
        doc._.undated = undated
        doc._.article_text = article_text
        return doc


def check_date(doc: Doc) -> None:
    """An article needs its date: relative days resolve against it, and the news cycle ends
    there. None is an error, never today's date."""
    if doc._.article_date is None:
        raise ValueError("eventmill: set doc._.article_date (a datetime.date) before coding; for a text "
                         "with no known date, set a stand-in date and doc._.undated = True")



def split_abbreviation_hyphens(nlp: Language) -> None:
    """Split "U.S.-led" like "Saudi-led": the model's infixes only split a hyphen after a
    letter, which leaves the country inside one token."""
    infixes = [*nlp.Defaults.infixes, r"(?<=[A-Z]\.)-(?=[a-z])"]
    nlp.tokenizer.infix_finditer = compile_infix_regex(infixes).finditer
