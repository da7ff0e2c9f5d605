"""Every key of the facilitator's screen in one place (``?`` or F1), in the facilitator's language.

The keys of the app and the main screen are listed here by hand, grouped as a facilitator meets them; the keys of
the four sense-making views come from their bindings (``sense.help_sections``), so they cannot drift apart.
"""

from __future__ import annotations

from typing import ClassVar

from rich.console import Group
from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.widgets import Static

from ai_toolkit.i18n import t
from ai_toolkit.tui.dialogs.base import Dialog

KEYS: list[tuple[str, list[tuple[str, str]]]] = [
    (
        "tui.help.everywhere",
        [
            ("ctrl+n", "tui.help.next"),
            ("ctrl+b", "tui.help.back"),
            ("ctrl+z", "tui.help.undo"),
            ("ctrl+p", "tui.help.palette"),
            ("f1", "tui.help.help"),
            ("ctrl+q", "tui.help.quit"),
        ],
    ),
    (
        "tui.help.typing",
        [
            ("enter", "tui.help.enter"),
            ("f2 / ctrl+s", "tui.help.sector_next"),
            ("shift+f2", "tui.help.sector_back"),
            ("escape", "tui.help.to_feed"),
        ],
    ),
    (
        "tui.help.feed",
        [
            ("up / down, j / k", "tui.help.cursor"),
            ("page up / page down", "tui.help.page"),
            ("home / end", "tui.help.home_end"),
            ("e", "tui.help.edit"),
            ("h", "tui.help.hide"),
            ("r", "tui.keyhelp.remove_sender"),
            ("n / right", "tui.help.next_short"),
            ("b / left", "tui.help.back_short"),
            ("i", "tui.help.type"),
            ("t", "tui.help.themes"),
            ("p", "tui.help.propositions"),
            ("v", "tui.help.vote"),
            ("c", "tui.help.commitments"),
            ("f", "tui.help.photos"),
            ("m", "tui.help.minutes"),
            ("?", "tui.help.help"),
        ],
    ),
    (
        "tui.help.room",
        [
            ("a", "tui.help.count"),
            ("w", "tui.help.wall"),
            ("M", "tui.help.moderation"),
            ("l", "tui.help.let_through"),
            ("L", "tui.help.let_all"),
            ("x", "tui.help.off_wall"),
        ],
    ),
]
"""The key table (section and description are catalog keys); a test checks that every binding of the app and its
main screen is listed here."""


class HelpScreen(Dialog[None]):
    BINDINGS: ClassVar[list[BindingType]] = [Binding("q,f1,question_mark", "cancel", "tui.key.close")]
    save_label = None
    cancel_label = "tui.dialog.close"
    hint = "tui.help.hint"
    frame_scrolls = True
    AUTO_FOCUS = "#dialog"

    DEFAULT_CSS = """
    HelpScreen > #dialog { width: 100; }
    """

    def __init__(self) -> None:
        super().__init__("")

    def fields(self) -> ComposeResult:
        yield Static(help_table(self.lang), id="help-keys")

    def on_mount(self) -> None:
        self.query_one("#dialog").border_title = self.t("tui.help.title")


def help_table(lang: str) -> Group:
    """Each section's title, then two columns, the keys and what they do; a long description wraps under itself,
    not under the keys, and the key column is as wide in every section."""
    from ai_toolkit.tui.screens.sense import help_sections  # the keys of the themes, propositions, vote, commitments

    sections = [(t(section, lang), [(key, t(what, lang)) for key, what in rows]) for section, rows in KEYS]
    sections += help_sections(lang)
    width = max(len(key) for _, rows in sections for key, _ in rows)
    parts: list[Text | Table] = []
    for section, rows in sections:
        parts.append(Text(("\n" if parts else "") + section, "bold underline"))
        table = Table.grid(padding=(0, 2))
        table.add_column(no_wrap=True, style="bold", width=width)
        table.add_column()
        for key, what in rows:
            table.add_row(key, Text(what))
        parts.append(table)
    return Group(*parts)
