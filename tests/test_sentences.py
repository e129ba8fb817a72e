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
