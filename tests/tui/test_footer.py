"""The footer of keys on a laptop's screen: whole keys only, and always the way to the others (F1).

Textual's footer cut its row mid-word at the right edge, and at 80 columns the cut took the help key with it.
"""

from __future__ import annotations

import pytest
from tests.tui.support import StandInServer, drive, make_app, settle, until
from textual.pilot import Pilot
from textual.widgets._footer import FooterKey

from ai_toolkit.facilitation import Facilitation
from ai_toolkit.i18n import LANGUAGES, t
from ai_toolkit.tui.app import FacilitatorApp

pytestmark = pytest.mark.tui


def footer_keys(app: FacilitatorApp) -> tuple[list[FooterKey], FooterKey]:
    keys = list(app.screen.query(FooterKey))
    (palette,) = [k for k in keys if k.has_class("-command-palette")]
    return [k for k in keys if k is not palette], palette


@pytest.mark.parametrize("lang", LANGUAGES)
def test_every_key_shown_is_whole_and_help_is_always_there(session: Facilitation, lang: str) -> None:
    session.start()
    session.advance()
    seen: dict[int, list[str]] = {}

    async def scenario(pilot: Pilot[None], app: FacilitatorApp) -> None:
        await pilot.press("escape")  # into the feed: its keys join the footer, the longest row there is
        for width in (80, 60, 140):
            await pilot.resize_terminal(width, 24)
            await until(pilot, lambda: any(k.has_class("-command-palette") for k in app.screen.query(FooterKey)))
            await settle(pilot, 4)
            keys, palette = footer_keys(app)
            for key in keys:
                assert key.region.right <= palette.region.x, f"{key.description!r} cut at {width} columns"
            seen[width] = [k.description for k in keys]

    drive(make_app(session, server=lambda f: StandInServer(), ui_lang=lang), scenario, (80, 24))
    help_words = t("tui.key.help", lang)
    for width, shown in seen.items():
        assert shown[-1] == help_words, (width, shown)
    assert t("tui.key.next", lang) in seen[80]
    assert len(seen[60]) < len(seen[80]) <= len(seen[140]), "fewer keys on a narrower screen, none lost on a wide one"
