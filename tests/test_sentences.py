"""Which lines of an article the coder parses: body sentences, not headlines or captions."""


def _picked(coder, text: str) -> list[str]:
    return [text[s:e] for s, e in coder.sentences(text)]


def test_headline_without_stop_is_skipped(coder):
    text = "Troops withdraw from border town\nThe army attacked the rebels on Monday."
    assert _picked(coder, text) == ["The army attacked the rebels on Monday."]


def test_sentence_closed_by_brackets_or_quotes_is_body_text(coder):
    # wire copy sometimes wraps a paragraph in braces or ends it inside a quotation
    for text in ("{The army attacked the rebels on Monday.}",
                 "\u201cThe army attacked the rebels on Monday.\u201d",
                 "(The army attacked the rebels on Monday.)"):
        assert len(_picked(coder, text)) == 1, text


def test_long_line_without_stop_is_truncated_body_text(coder):
    words = " ".join(["the army attacked the rebels near the border town"] * 3)
    assert len(_picked(coder, words.capitalize())) == 1


def test_diagnosis_keeps_what_a_stage_let_go(coder):
    import datetime as dt

    from eventmill.types import Article

    article = Article(id="d", date=dt.date(2020, 1, 1),
                      text="Iran did not attack the base on Monday. The army shelled rebel positions.")
    ((_, events, dropped),) = list(coder.diagnose([article]))
    assert any(d["root"] == "18" or d["root"] == "19" for d in dropped
               if d["reason"] == "negation or modality" and "did not attack" in d["sentence"])


def test_a_military_title_ends_no_sentence():
    from eventmill.text.sentences import split_sentences
    text = ("The attack was repelled, army spokesman Lt. Col. Ahmed Diallo told reporters. "
            "Two soldiers were wounded.")
    assert split_sentences(text) == ["The attack was repelled, army spokesman Lt. Col. Ahmed Diallo "
                                     "told reporters.", "Two soldiers were wounded."]


def test_the_speaker_after_a_title_is_the_source(code_text):
    events = code_text("Pakistani army spokesman Maj. Gen. Imran Butt accused Afghan troops of "
                       "firing across the border on Sunday.")
    assert [(e["root"], e["source"]["country"], e["target"]["country"]) for e in events] == \
        [("11", "PAK", "AFG")]
