"""``shorten``: labels cut at a word with one ellipsis, never longer than the line they must fit."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from ai_toolkit.display import ELLIPSIS, one_line, shorten

PROPOSITION = "In our region, every factory hall that stands empty on a Sunday hosts culture"


def test_a_long_label_is_cut_at_a_word_with_one_ellipsis() -> None:
    assert shorten(PROPOSITION, 40) == "In our region, every factory hall that…"
    assert shorten(PROPOSITION, 33) == "In our region, every factory…"  # not "…hall, f" nor "hall…" with a comma


def test_what_fits_is_left_alone_but_put_on_one_line() -> None:
    assert shorten("Kulturcafé Jesenice", 19) == "Kulturcafé Jesenice"
    assert shorten("  A story\nover two\tlines ", 80) == "A story over two lines"


def test_an_ellipsis_the_text_had_is_not_doubled() -> None:
    assert shorten("Open halls... and open minds for everyone", 16) == "Open halls…"
    assert shorten("Odprte hale… in odprti duhovi za vse", 14) == "Odprte hale…"


@pytest.mark.parametrize(
    ("text", "width", "expected"),
    [
        ("Gorenjska", 5, "Gore…"),  # one word longer than the line: cut inside, nothing else would fit
        ("a Donaudampfschifffahrtsgesellschaft", 12, "a Donaudamp…"),  # the last space comes too early
        ("čšž ČŠŽ łęó", 6, "čšž…"),
        ("anything", 1, "…"),
        ("anything", 0, ""),
        ("", 10, ""),
    ],
)
def test_edges(text: str, width: int, expected: str) -> None:
    assert shorten(text, width) == expected


@given(st.text(max_size=300), st.integers(min_value=0, max_value=120))
def test_never_longer_than_the_line_and_never_two_ellipses_at_the_end(text: str, width: int) -> None:
    out = shorten(text, width)
    assert len(out) <= width
    assert "\n" not in out
    assert not out.endswith(ELLIPSIS + ELLIPSIS) and not out.endswith("..." + ELLIPSIS)
    visible = one_line(text)  # control characters never reach a terminal
    assert visible == " ".join(visible.split())
    if len(visible) <= width:
        assert out == visible
