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

from ai_toolkit.facilitation import Facilitation
from ai_toolkit.i18n import t
from ai_toolkit.model import events as ev
from ai_toolkit.model.enums import Sector, Source
from ai_toolkit.model.plan import Plan
from ai_toolkit.model.session import Contribution
from ai_toolkit.tui.messages import SessionChanged
from ai_toolkit.tui.refusal import attempt, undo
from ai_toolkit.tui.widgets.labels import one_line, sector_label, sector_short
from ai_toolkit.tui.words import Localised, key_help, key_names, lang_of

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


def sector_style(plan: Plan, sector: str) -> str:
    """The colour of a sector wherever the room's mix is shown; a plan's own sectors take the next free ones."""
    common = {s.value: style for s, style in SECTOR_STYLE.items()}
    if sector in common:
        return common[sector]
    own = [s.id for s in plan.sectors]
    return PLAN_SECTOR_STYLES[own.index(sector) % len(PLAN_SECTOR_STYLES)] if sector in own else "white"


def sector_tag(plan: Plan, sector: str, lang: str) -> Text:
    """A sector's short name in its colour."""
    return Text(sector_label(plan, sector, lang), sector_style(plan, sector))


def sector_mix(plan: Plan, contributions: Iterable[Contribution], lang: str) -> Text:
    """``creative 5 · company 4 · school 1``: who stands behind a theme, biggest group first."""
    counts = Counter(c.sector for c in contributions)
    out = Text()
    for i, (sector, n) in enumerate(counts.most_common()):
        if i:
            out.append(" · ", "dim")
        out.append(f"{sector_label(plan, sector, lang)} {n}", sector_style(plan, sector))
    return out


def contribution_line(plan: Plan, c: Contribution, lang: str) -> Text:
    """One contribution as a list row: sector, who typed it, and the words exactly as written."""
    line = Text()
    line.append(f"{sector_short(plan, c.sector, lang)[:10]:<10} ", sector_style(plan, c.sector))
    line.append("◆ " if c.source == Source.FACILITATOR else "● ", "dim")
    if c.hidden:
        line.append(t("tui.feed.hidden", lang) + " ", "bold italic")
    line.append(one_line(c.text))
    return line


def contribution_detail(plan: Plan, c: Contribution, lang: str, zone: tzinfo | None = None) -> Text:
    """The whole contribution with where it came from, for the pane under a list (times in ``zone``, or the
    laptop's own)."""
    head = Text()
    head.append_text(sector_tag(plan, c.sector, lang))
    source = "tui.detail.typed" if c.source == Source.FACILITATOR else "tui.detail.phone"
    head.append(f" · {t(source, lang)}", "dim")
    head.append(f" · {c.at.astimezone(zone):%H:%M}", "dim")
    if c.edited:
        head.append(f" · {t('tui.detail.edited', lang)}", "dim italic")
    if c.hidden:
        head.append(f" · {t('tui.detail.hidden', lang)}", "bold italic")
    head.append("\n")
    head.append(c.text)
    return head


def screen_keys(screen_type: type[Screen[None]], lang: str) -> list[tuple[str, str, str]]:
    """``(keys, what, action)`` for the bindings of a sense-making screen, its own first, then the shared ones.
    The digit keys (1-9: into theme n) are left to one line of the help."""
    rows: list[tuple[str, str, str]] = []
    for cls in screen_type.__mro__:
        if not (isinstance(cls, type) and issubclass(cls, SenseScreen)):
            continue
        for binding in cls.__dict__.get("BINDINGS", []):
            if isinstance(binding, Binding) and binding.description and not binding.key.isdigit():
                rows.append((key_names(binding), key_help(binding, lang), binding.action))
    return rows


def help_sections(lang: str) -> list[tuple[str, list[tuple[str, str]]]]:
    """The keys of the four sense-making views, in the shape of the help screen's key table, in ``lang``."""
    from ai_toolkit.tui.screens.commitments import CommitmentsScreen
    from ai_toolkit.tui.screens.propositions import PropositionsScreen
    from ai_toolkit.tui.screens.themes import ThemesScreen
    from ai_toolkit.tui.screens.vote import VoteScreen

    sections: list[tuple[str, list[tuple[str, str]]]] = []
    for title, screen in (
        ("tui.help.section_themes", ThemesScreen),
        ("tui.help.section_propositions", PropositionsScreen),
        ("tui.help.section_vote", VoteScreen),
        ("tui.help.section_commitments", CommitmentsScreen),
    ):
        rows = [(key, what) for key, what, action in screen_keys(screen, lang)]
        if screen is ThemesScreen:
            rows.insert(1, ("1 … 9", t("tui.help.themes_digits", lang)))
            rows.append(("tab", t("tui.help.themes_tab", lang)))
            rows.append(("space", t("tui.help.themes_space", lang)))
        sections.append((t(title, lang), rows))
    return sections


class ScreenCommands(Provider):
    """The command palette offers the keys of the sense-making view in front, by name."""

    def _commands(self) -> list[tuple[str, str, str]]:
        screen = self.screen
        if not isinstance(screen, SenseScreen):
            return []
        return [(what.rstrip("."), key, action) for key, what, action in screen_keys(type(screen), screen.lang)]

    def _run(self, action: str) -> Callable[[], object]:
        screen = self.screen
        return lambda: screen.run_action(action)

    def _key_help(self, key: str) -> str:
        return t("tui.palette.key", lang_of(self.screen), keys=key)

    async def discover(self) -> Hits:
        for name, key, action in self._commands():
            yield DiscoveryHit(name, self._run(action), help=self._key_help(key))

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for name, key, action in self._commands():
            score = matcher.match(name)
            if score > 0:
                yield Hit(score, matcher.highlight(name), self._run(action), help=self._key_help(key))


class SenseScreen(Localised, Screen[None]):
    """Base of the four sense-making screens: redraw on change, report refusals, undo."""

    BINDINGS: ClassVar[list[Binding | tuple[str, str] | tuple[str, str, str]]] = [
        Binding("escape", "back", "tui.key.back", tooltip="tui.keyhelp.back_to_main"),
        Binding("ctrl+z", "undo", "tui.key.undo", tooltip="tui.keyhelp.undo"),
    ]

    DEFAULT_CSS = """
    SenseScreen { layout: vertical; }
    SenseScreen .sense-title { height: 1; padding: 0 1; background: $primary-background; text-style: bold; }
    SenseScreen .sense-sub { height: 1; padding: 0 1; color: $text-muted; }
    SenseScreen .panel-title { height: 1; padding: 0 1; background: $boost; text-style: bold; }
    SenseScreen .sense-title, SenseScreen .sense-sub, SenseScreen .panel-title {
        text-wrap: nowrap; text-overflow: ellipsis;
    }
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
        # A participant's removal takes contributions, commitments, photos and ballots at once: every view redraws.
        relevant = (*self.RELEVANT, ev.ParticipantRemoved)
        if self.RELEVANT and not any(isinstance(r.event, relevant) for r in message.records):
            # Only this message's events are known to be irrelevant: a later message (a photo right after a
            # join, both applied before either message is read) must still draw.
            self._drawn_seq = max(self._drawn_seq, message.records[-1].seq if message.records else self._drawn_seq)
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
    def change(self, command: Callable[[], R]) -> R | None:
        """Run a service command through ``refusal.attempt`` (a refusal becomes a notification), then show the
        fresh state at once, not when the change's message comes round: a second quick ``a`` acts on the next
        contribution, not again on the one just assigned."""
        result = attempt(self, command)
        if result is not None:
            self._draw()
        return result

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
        undo(self, self.facilitation)
        self._draw()

    def after_dialog(self, done: Callable[[], object]) -> Callable[[object], None]:
        """A push_screen callback that ignores the answer (the dialog already applied it) and redraws."""

        def callback(answer: object) -> None:
            self._draw()
            if answer is not None:
                done()

        return callback
