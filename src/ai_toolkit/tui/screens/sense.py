"""What the sense-making screens share: themes, propositions, the dot-vote and commitments.

Each screen shows ``facilitation.state`` and changes it only through the service. A refused change becomes a
notification in plain words and changes nothing. The screens redraw when the app tells them the session changed
(``SessionChanged``: phones voting, commitments arriving, another process), and when they come back into view
after a dialog (while a dialog is on top, the app's messages go to the dialog).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable
from datetime import tzinfo
from typing import ClassVar, TypeVar

from rich.text import Text
from textual.binding import Binding
from textual.command import DiscoveryHit, Hit, Hits, Provider
from textual.events import ScreenResume
from textual.screen import Screen
from textual.widgets import Static

from ai_toolkit.errors import ToolkitError
from ai_toolkit.facilitation import Facilitation
from ai_toolkit.model import events as ev
from ai_toolkit.model.enums import Phase, Sector, Source
from ai_toolkit.model.plan import Plan
from ai_toolkit.model.session import Contribution
from ai_toolkit.tui.messages import SessionChanged
from ai_toolkit.tui.widgets.labels import sector_label

R = TypeVar("R")

#: How each sector is coloured wherever the room's mix is shown.
SECTOR_STYLE: dict[Sector, str] = {
    Sector.CREATIVE: "magenta",
    Sector.ADMINISTRATION: "blue",
    Sector.COMPANY: "yellow",
    Sector.UNIVERSITY: "cyan",
    Sector.SCHOOL: "green",
    Sector.CIVIL_SOCIETY: "bright_red",
    Sector.CITIZEN: "bright_green",
    Sector.OTHER: "white",
}
PLAN_SECTOR_STYLES = ("bright_magenta", "bright_blue", "bright_yellow", "bright_cyan", "red", "green3")
"""Colours for a plan's own sectors, in the plan's order (CINEMA's retail, property owners, business support)."""

THEMES_NAME: dict[Phase, str] = {Phase.DISCOVER: "positive core", Phase.DREAM: "dream themes"}


def plain(err: ToolkitError) -> str:
    """The service's message as a sentence."""
    message = str(err).strip() or "that did not work"
    return message[0].upper() + message[1:] + ("" if message.endswith((".", "?", "!")) else ".")


def count(n: int, word: str, plural: str | None = None) -> str:
    """``1 theme``, ``3 themes``."""
    return f"{n} {word if n == 1 else (plural or word + 's')}"


def sector_style(plan: Plan, sector: str) -> str:
    """The colour of a sector wherever the room's mix is shown; a plan's own sectors take the next free ones."""
    common = {s.value: style for s, style in SECTOR_STYLE.items()}
    if sector in common:
        return common[sector]
    own = [s.id for s in plan.sectors]
    return PLAN_SECTOR_STYLES[own.index(sector) % len(PLAN_SECTOR_STYLES)] if sector in own else "white"


def sector_tag(plan: Plan, sector: str) -> Text:
    """A sector's short name in its colour."""
    return Text(sector_label(plan, sector), sector_style(plan, sector))


def sector_mix(plan: Plan, contributions: Iterable[Contribution]) -> Text:
    """``creative 5 · company 4 · school 1``: who stands behind a theme, biggest group first."""
    counts = Counter(c.sector for c in contributions)
    out = Text()
    for i, (sector, n) in enumerate(counts.most_common()):
        if i:
            out.append(" · ", "dim")
        out.append(f"{sector_label(plan, sector)} {n}", sector_style(plan, sector))
    return out


def contribution_line(plan: Plan, c: Contribution) -> Text:
    """One contribution as a list row: sector, who typed it, and the words exactly as written."""
    line = Text()
    line.append(f"{sector_label(plan, c.sector)[:14]:<14} ", sector_style(plan, c.sector))
    line.append("◆ " if c.source == Source.FACILITATOR else "● ", "dim")
    if c.hidden:
        line.append("hidden: ", "bold italic")
    line.append(" ".join(c.text.split()))
    return line


def contribution_detail(plan: Plan, c: Contribution, zone: tzinfo | None = None) -> Text:
    """The whole contribution with where it came from, for the pane under a list (times in ``zone``, or the
    laptop's own)."""
    head = Text()
    head.append_text(sector_tag(plan, c.sector))
    head.append(f" · {'typed by the facilitator' if c.source == Source.FACILITATOR else 'from a phone'}", "dim")
    head.append(f" · {c.at.astimezone(zone):%H:%M}", "dim")
    if c.edited:
        head.append(" · edited", "dim italic")
    if c.hidden:
        head.append(" · hidden: kept, left out of the minutes", "bold italic")
    head.append("\n")
    head.append(c.text)
    return head


def _key_label(key: str) -> str:
    return " / ".join(k.replace("escape", "esc") for k in key.split(","))


def screen_keys(screen_type: type[Screen[None]]) -> list[tuple[str, str, str]]:
    """``(keys, what, action)`` for the bindings of a sense-making screen, its own first, then the shared ones.
    The digit keys (1-9: into theme n) are left to one line of the help."""
    rows: list[tuple[str, str, str]] = []
    for cls in screen_type.__mro__:
        if not (isinstance(cls, type) and issubclass(cls, SenseScreen)):
            continue
        for binding in cls.__dict__.get("BINDINGS", []):
            if isinstance(binding, Binding) and binding.description and not binding.key.isdigit():
                rows.append((_key_label(binding.key), binding.tooltip or binding.description, binding.action))
    return rows


def help_sections() -> list[tuple[str, list[tuple[str, str]]]]:
    """The keys of the four sense-making views, in the shape of the help screen's key table."""
    from ai_toolkit.tui.screens.commitments import CommitmentsScreen
    from ai_toolkit.tui.screens.propositions import PropositionsScreen
    from ai_toolkit.tui.screens.themes import ThemesScreen
    from ai_toolkit.tui.screens.vote import VoteScreen

    sections: list[tuple[str, list[tuple[str, str]]]] = []
    for title, screen in (
        ("Themes (t): the positive core and dream themes", ThemesScreen),
        ("Provocative propositions (p)", PropositionsScreen),
        ("Dot-vote (v)", VoteScreen),
        ("Commitments (c)", CommitmentsScreen),
    ):
        rows = [(key, what[:1].lower() + what[1:]) for key, what, action in screen_keys(screen)]
        if screen is ThemesScreen:
            rows.insert(1, ("1 … 9", "put the highlighted contribution into theme 1 … 9"))
            rows.append(("tab", "between the contributions, the themes and a theme's contributions"))
            rows.append(("space", "pick a theme's contributions for a split"))
        sections.append((title, rows))
    return sections


class ScreenCommands(Provider):
    """The command palette offers the keys of the sense-making view in front, by name."""

    def _commands(self) -> list[tuple[str, str, str]]:
        screen = self.screen
        if not isinstance(screen, SenseScreen):
            return []
        return [(what.rstrip("."), f"{key}", action) for key, what, action in screen_keys(type(screen))]

    def _run(self, action: str) -> Callable[[], object]:
        screen = self.screen
        return lambda: screen.run_action(action)

    async def discover(self) -> Hits:
        for name, key, action in self._commands():
            yield DiscoveryHit(name, self._run(action), help=f"key: {key}")

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for name, key, action in self._commands():
            score = matcher.match(name)
            if score > 0:
                yield Hit(score, matcher.highlight(name), self._run(action), help=f"key: {key}")


class SenseScreen(Screen[None]):
    """Base of the four sense-making screens: redraw on change, report refusals, undo."""

    BINDINGS: ClassVar[list[Binding | tuple[str, str] | tuple[str, str, str]]] = [
        Binding("escape", "back", "Back", tooltip="Back to the main screen"),
        Binding("ctrl+z", "undo", "Undo", tooltip="Take back your last change on this laptop"),
    ]

    DEFAULT_CSS = """
    SenseScreen { layout: vertical; }
    SenseScreen .sense-title { height: 1; padding: 0 1; background: $primary-background; text-style: bold; }
    SenseScreen .sense-sub { height: 1; padding: 0 1; color: $text-muted; }
    SenseScreen .panel-title { height: 1; padding: 0 1; background: $boost; text-style: bold; }
    SenseScreen .detail {
        height: 7; max-height: 30%; padding: 0 1; border-top: solid $primary-darken-2; overflow: hidden;
    }
    """

    COMMANDS = {ScreenCommands}

    #: Event kinds that change what this screen shows; others (a ballot on the themes view) need no redraw.
    RELEVANT: ClassVar[tuple[type[ev.Event], ...]] = ()

    def __init__(self, facilitation: Facilitation) -> None:
        super().__init__()
        self.facilitation = facilitation
        self._drawn_seq = -1
        self._draw_pending = False
        self._shown: dict[str, Text | str] = {}

    # -- drawing ---------------------------------------------------------------------------------------
    def redraw(self) -> None:
        """Draw everything from ``facilitation.state``; subclasses fill it in."""

    def show(self, selector: str, content: Text | str) -> None:
        """Put ``content`` in the Static at ``selector``, only if it changed (an update costs a layout pass)."""
        if self._shown.get(selector) == content:
            return
        self._shown[selector] = content
        self.query_one(selector, Static).update(content)

    def _draw(self) -> None:
        self._drawn_seq = self.facilitation.state.seq
        self.redraw()

    def on_mount(self) -> None:
        # Textual calls every on_mount along the class hierarchy: subclasses use ``after_mount`` instead, so
        # they find the lists filled.
        self._draw()
        self.after_mount()

    def after_mount(self) -> None:
        """Focus and select, once the screen has drawn itself the first time."""

    def on_session_changed(self, message: SessionChanged) -> None:
        if self.facilitation.state.seq == self._drawn_seq:
            return
        if self.RELEVANT and not any(isinstance(r.event, self.RELEVANT) for r in message.records):
            self._drawn_seq = self.facilitation.state.seq
            return
        if not self._draw_pending:
            # Twenty phones voting at once send twenty messages: draw once, after the ones already queued.
            self._draw_pending = True
            self.call_later(self._draw_once)

    def _draw_once(self) -> None:
        self._draw_pending = False
        if self.facilitation.state.seq != self._drawn_seq:
            self._draw()

    def _on_screen_resume(self, event: ScreenResume) -> None:
        if self.facilitation.state.seq != self._drawn_seq:
            self._draw()

    # -- changing the session --------------------------------------------------------------------------
    def attempt(self, change: Callable[[], R]) -> R | None:
        """Run one service call; a refusal becomes a notification, and the screen shows the fresh state."""
        try:
            result = change()
        except ToolkitError as err:
            self.refused(err)
            return None
        self._draw()
        return result

    def refused(self, err: ToolkitError) -> None:
        self.notify(plain(err), severity="error", markup=False)

    @property
    def zone(self) -> tzinfo | None:
        """The app's time zone for clock times (the facilitator app has one; None is the laptop's)."""
        zone = getattr(self.app, "zone", None)
        return zone if isinstance(zone, tzinfo) else None

    def say(self, message: str, *, error: bool = False) -> None:
        """A line for the facilitator; never read as markup (it may quote a participant's words)."""
        self.notify(message, severity="error" if error else "information", markup=False)

    def action_back(self) -> None:
        if self.is_current and len(self.app.screen_stack) > 1:
            self.app.pop_screen()

    def action_undo(self) -> None:
        label = self.attempt(self.facilitation.undo)
        if label is not None:
            self.say(f"Undone: {label}.")

    def after_dialog(self, done: Callable[[], object]) -> Callable[[object], None]:
        """A push_screen callback that ignores the answer (the dialog already applied it) and redraws."""

        def callback(answer: object) -> None:
            self._draw()
            if answer is not None:
                done()

        return callback
