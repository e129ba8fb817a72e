"""The setting stage: where an article's story is. Its dateline place (doc._.dateline), its
countries by salience (doc._.context, the first being its home country: agents with no country
of their own, "protesters", "police", belong to it) and its main city (doc._.home_city)."""
from __future__ import annotations

from collections import Counter

from spacy.tokens import Doc

from eventmill.coding.dateline import Datelines
from eventmill.coding.dictionary import Lexicon, named_countries, sentence_mentions
from eventmill.coding.geography import Geography
from eventmill.coding.settings import SettingSettings


class SettingComponent:
    def __init__(self, rules: SettingSettings, lexicon: Lexicon, geography: Geography,
                 datelines: Datelines) -> None:
        self.weight = rules.place_weight
        self.lexicon = lexicon
        self.geography = geography
        self.datelines = datelines

    def __call__(self, doc: Doc) -> Doc:
        geo = self.geography
        named = named_countries([sentence_mentions(s, self.lexicon, doc._.article_date) for s in doc.sents])
        places = geo.place_counts(doc, [c for c, _ in named.most_common()])
        dateline = self.datelines.place(doc._.article_text, geo.gazetteer)
        # The article's own country: where its places are weighs most; a dateline may be a
        # foreign bureau ("GENEVA (AP) - ... in Congo"), so the countries it names count too.
        score = Counter({c: self.weight * n for c, n in places.items()})
        score.update(named)
        if dateline is not None and dateline.country:
            score[dateline.country] += self.weight
        context = [c for c, _ in score.most_common()]
        doc._.context = context
        doc._.dateline = dateline
        doc._.home_city = geo.story_city(doc, context[0], context) if context else None
        return doc
