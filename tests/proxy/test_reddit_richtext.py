"""Reddit rich text comes back as the plain text the user typed."""

from __future__ import annotations

from proxy_addon.adapters.reddit_richtext import richtext_to_plain


def par(*children: dict) -> dict:
    return {"e": "par", "c": list(children)}


def text(t: str, **extra: object) -> dict:
    return {"e": "text", "t": t, **extra}


def test_paragraphs_links_mentions_and_spoilers() -> None:
    document = {
        "document": [
            par(
                text("Hello "),
                {"e": "link", "t": "our site", "u": "https://example.org"},
                text(", ask "),
                {"e": "u/", "t": "ana", "l": True},
            ),
            par(
                {"e": "r/", "t": "thenetherlands"}, text(" "), {"e": "spoilertext", "c": [text("ends well")]}
            ),
        ]
    }
    plain = richtext_to_plain(document)
    assert plain.text == "Hello our site, ask /u/ana\nr/thenetherlands ends well"
    assert plain.media is False


def test_headings_lists_quotes_code_tables_and_line_breaks() -> None:
    document = {
        "document": [
            {"e": "h", "l": 1, "c": [text("Release notes")]},
            {
                "e": "list",
                "o": True,
                "c": [{"e": "li", "c": [par(text("one"))]}, {"e": "li", "c": [par(text("two"))]}],
            },
            {"e": "blockquote", "c": [par(text("quoted"), {"e": "br"}, text("line"))]},
            {"e": "code", "c": [{"e": "raw", "t": "x = 1"}, {"e": "raw", "t": "y = 2"}]},
            {"e": "hr"},
            {
                "e": "table",
                "h": [{"c": [text("a")]}, {"c": [text("b")]}],
                "c": [[{"c": [text("1")]}, {"c": [text("2")]}]],
            },
        ]
    }
    assert (
        richtext_to_plain(document).text
        == "Release notes\none\ntwo\nquoted\nline\nx = 1\ny = 2\na | b\n1 | 2"
    )


def test_media_nodes_are_flagged_and_captions_kept() -> None:
    plain = richtext_to_plain(
        {"document": [par(text("look")), {"e": "img", "id": "abc", "c": "the view"}, {"e": "gif", "id": "g"}]}
    )
    assert (plain.text, plain.media) == ("look\nthe view", True)


def test_odd_input_gives_empty_text() -> None:
    for document in (
        None,
        {},
        {"document": "x"},
        [1, "a", None],
        {"document": [{"e": ["par"], "c": {"x": 1}}]},
    ):
        assert richtext_to_plain(document).text == ""


def test_deep_nesting_is_cut_off_not_a_crash() -> None:
    node: dict = par(text("deep"))
    for _ in range(500):
        node = {"e": "blockquote", "c": [node]}
    assert richtext_to_plain({"document": [node]}).text == ""
