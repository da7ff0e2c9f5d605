"""The input bar: the facilitator types a contribution for someone without a phone (a paper card, a voice).

Enter hands the text and the sector tag to the screen, which records it through the service; the text is only
cleared once it is safely recorded, so a refusal (no activity running) never loses what was typed.
"""

from __future__ import annotations

from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal
from textual.message import Message
from textual.reactive import reactive
from textual.widgets import Input, Static

from ai_toolkit.model.enums import Sector
from ai_toolkit.model.plan import Plan
from ai_toolkit.tui.widgets.labels import sector_label
from ai_toolkit.tui.words import Localised


def sector_cycle(plan: Plan) -> tuple[str, ...]:
    """Untagged ("other") first, then the sectors in the plan's order (the common ones, then the plan's own)."""
    ids = plan.sector_ids()
    return (Sector.OTHER.value, *(s for s in ids if s != Sector.OTHER))


class ContributionEntry(Localised, Horizontal):
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("f2,ctrl+s", "next_sector", "tui.key.sector"),
        Binding("shift+f2", "previous_sector", "tui.key.sector_back", show=False),
        Binding("escape", "leave", "tui.key.to_feed", show=False),
    ]

    sector: reactive[str] = reactive(Sector.OTHER.value)

    class Submitted(Message):
        def __init__(self, entry: ContributionEntry, text: str, sector: str) -> None:
            super().__init__()
            self.entry = entry
            self.text = text
            self.sector = sector

    def __init__(self, plan: Plan, **kwargs: object) -> None:
        super().__init__(**kwargs)  # type: ignore[arg-type]
        self.plan = plan
        self.sectors = sector_cycle(plan)

    def compose(self) -> ComposeResult:
        yield Static("›", id="entry-prompt")
        yield Input(
            placeholder=self.t("tui.entry.placeholder"),
            id="entry-text",
        )
        yield Static(id="entry-sector")

    def on_mount(self) -> None:
        self.watch_sector(self.sector)

    def watch_sector(self, sector: str) -> None:
        tag = self.t("tui.entry.sector", sector=sector_label(self.plan, sector, self.lang))
        self.query_one("#entry-sector", Static).update(tag)

    def action_next_sector(self) -> None:
        self.sector = self.sectors[(self.sectors.index(self.sector) + 1) % len(self.sectors)]

    def action_previous_sector(self) -> None:
        self.sector = self.sectors[(self.sectors.index(self.sector) - 1) % len(self.sectors)]

    def action_leave(self) -> None:
        feeds = self.screen.query("#feed")
        if feeds:
            feeds.first().focus()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        if event.value.strip():
            self.post_message(self.Submitted(self, event.value, self.sector))

    def recorded(self) -> None:
        """The screen recorded the text: empty the input for the next card."""
        self.query_one(Input).value = ""

    def focus_input(self) -> None:
        self.query_one(Input).focus()
