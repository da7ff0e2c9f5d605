"""The dot-vote: open a round on themes or propositions, watch the bars fill as phones vote, close it.

While a round is open the options keep the order they were offered in (so rows do not jump about on the
projector); once closed they are ranked, with shared places for ties, and the round stays in the session for the
minutes. Earlier rounds are listed on the left.
"""

from __future__ import annotations

from typing import ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.widget import Widget
from textual.widgets import Static

from ai_toolkit.i18n import t
from ai_toolkit.i18n.glossary import vote_title
from ai_toolkit.model import events as ev
from ai_toolkit.model.enums import Phase
from ai_toolkit.model.session import SessionState, VoteOption, VoteRound
from ai_toolkit.tui.dialogs.confirm import Confirm
from ai_toolkit.tui.dialogs.open_vote import OpenVoteDialog, VoteChoice, VoteRequest
from ai_toolkit.tui.screens.sense import SenseScreen
from ai_toolkit.tui.widgets.footer import KeyFooter
from ai_toolkit.tui.widgets.labels import counted, one_line, shorten, themes_name
from ai_toolkit.tui.widgets.row_list import Row, RowList
from ai_toolkit.tui.words import Localised


def ranks(tally: list[tuple[VoteOption, int]]) -> dict[str, int]:
    """Places as in a sports table: equal dots share a place, the next place is skipped (1, 2, 2, 4)."""
    places: dict[str, int] = {}
    previous: int | None = None
    place = 0
    for i, (option, n) in enumerate(tally):
        if n != previous:
            place, previous = i + 1, n
        places[option.id] = place
    return places


def voted_on(s: SessionState, vote: VoteRound, lang: str) -> str:
    """``on the propositions · 3 dots each``: what the round offered, in words."""
    refs = [o.ref for o in vote.options if o.ref]
    if refs and all(r in s.propositions for r in refs):
        what = t("tui.vote.on_propositions", lang)
    elif refs and all(r in s.themes for r in refs) and vote.phase in (Phase.DISCOVER, Phase.DREAM):
        what = themes_name(vote.phase, lang)
    else:
        what = t("tui.vote.on_options", lang)
    return t("tui.vote.about", lang, what=what, dots=vote.dots)


def turnout(s: SessionState, vote: VoteRound, lang: str) -> str:
    """``7 of 20 joined have voted · 19 of 60 dots placed``."""
    joined = len(s.participants)
    placed = sum(sum(b.values()) for b in vote.ballots.values())
    key = "tui.vote.turnout_open" if vote.is_open else "tui.vote.turnout_closed"
    return t(key, lang, voters=len(vote.ballots), joined=joined, placed=placed, dots=joined * vote.dots)


def default_title(key: str, room_lang: str) -> str:
    """The title phones show when the facilitator writes none: in the session's language, the room's."""
    return t(f"tui.vote.default_title.{key}", room_lang)


class VoteBars(Localised, Widget):
    """One row per option: label, a bar scaled to the leading option, dots and share. Redrawn at any width."""

    DEFAULT_CSS = """
    VoteBars { height: auto; padding: 0 1; }
    """

    def __init__(self, id: str | None = None) -> None:
        super().__init__(id=id)
        self.vote: VoteRound | None = None

    def show(self, vote: VoteRound | None) -> None:
        self.vote = vote
        self.refresh(layout=True)

    def lines(self, width: int) -> list[Text]:
        """Two lines per option, so long propositions stay readable on a projector: the label, then its bar."""
        vote = self.vote
        if vote is None:
            return [Text(self.t("tui.vote.none_yet"), "italic")]
        tally = vote.tally()
        totals = {o.id: n for o, n in tally}
        places = ranks(tally)
        shown = [o for o, _ in tally] if not vote.is_open else list(vote.options)
        placed = sum(totals.values())
        top = max(totals.values(), default=0)
        bar_width = max(width - 4 - 15, 6)
        out: list[Text] = []
        for i, option in enumerate(shown):
            n = totals[option.id]
            leader = not vote.is_open and places[option.id] == 1 and n > 0
            label = Text()
            label.append(f"{places[option.id]:>2}. " if not vote.is_open else f"{i + 1:>2}  ", "bold")
            label.append(shorten(option.label, max(width - 4, 1)), "bold" if leader else "")
            bar = Text("    ")
            filled = round(bar_width * n / top) if top else 0
            bar.append("█" * filled, "bold green" if leader else "green")
            bar.append("░" * (bar_width - filled), "dim")
            bar.append(f" {counted('tui.count.dots', n, self.lang):>9}", "bold")
            bar.append(f" {round(100 * n / placed) if placed else 0:>3}%", "dim")
            out += [label, bar]
            if len(shown) <= 10:
                out.append(Text(""))
        return out

    def get_content_height(self, container: object, viewport: object, width: int) -> int:
        return max(len(self.lines(width)), 1)

    def render(self) -> Text:
        return Text("\n").join(self.lines(self.content_size.width or 80))


class VoteScreen(SenseScreen):
    """Open, follow and close dot-votes; the ranking of each round stays for the minutes."""

    BINDINGS: ClassVar[list[Binding | tuple[str, str] | tuple[str, str, str]]] = [
        Binding("o", "open_vote", "tui.key.open_vote", tooltip="tui.keyhelp.open_vote"),
        Binding("x", "close_vote", "tui.key.close_vote", tooltip="tui.keyhelp.close_vote"),
    ]

    DEFAULT_CSS = """
    VoteScreen #columns { height: 1fr; }
    VoteScreen #rounds-column { width: 34; max-width: 30%; border-right: solid $primary-darken-2; }
    VoteScreen #round-title { height: auto; padding: 1 1 0 1; text-style: bold; }
    VoteScreen #turnout { height: auto; padding: 0 1 1 1; }
    VoteScreen #bars-scroll { height: 1fr; }
    """

    RELEVANT = (ev.VoteOpened, ev.BallotCast, ev.VoteClosed, ev.ParticipantJoined, ev.ThemeRenamed)

    def compose(self) -> ComposeResult:
        yield Static(id="title", classes="sense-title")
        with Horizontal(id="columns"):
            with Vertical(id="rounds-column"):
                yield Static(self.t("tui.vote.rounds").upper(), classes="panel-title")
                yield RowList(id="rounds", empty=self.t("tui.vote.no_rounds"))
            with Vertical():
                yield Static(id="round-title")
                yield Static(id="turnout")
                with VerticalScroll(id="bars-scroll"):
                    yield VoteBars(id="bars")
        yield KeyFooter()

    def after_mount(self) -> None:
        s = self.facilitation.state
        shown = s.open_vote or (list(s.votes.values())[-1] if s.votes else None)
        if shown is not None:
            self.rounds.select_key(shown.id)
        self.rounds.focus()

    @property
    def rounds(self) -> RowList:
        return self.query_one("#rounds", RowList)

    def shown_vote(self) -> VoteRound | None:
        key = self.rounds.highlighted
        return self.facilitation.state.votes.get(key) if key else None

    def redraw(self) -> None:
        s = self.facilitation.state
        rows = []
        for vote in s.votes.values():
            line = Text()
            line.append("● " if vote.is_open else "✓ ", "bold green" if vote.is_open else "dim")
            line.append(one_line(vote_title(vote.title, self.lang)))
            line.append(f"  {len(vote.ballots)}", "dim")
            rows.append(Row(vote.id, line))
        self.rounds.set_rows(rows)
        state = self.t("tui.vote.is_open" if s.open_vote else "tui.vote.none_open")
        joined = self.t("tui.joined", n=len(s.participants))
        self.show(
            "#title",
            Text.assemble(
                (self.t("tui.vote.title").upper(), "bold"),
                (f"  {s.info.title}", ""),
                (f"   {state} · {joined}", "dim"),
                no_wrap=True,
                overflow="ellipsis",
            ),
        )
        self._show_round()

    def _show_round(self) -> None:
        s = self.facilitation.state
        vote = self.shown_vote()
        self.query_one("#bars", VoteBars).show(vote)
        if vote is None:
            self.show("#round-title", Text(self.t("tui.vote.no_vote")))
            self.show("#turnout", Text(self.t("tui.vote.how_to_open")))
            return
        head = Text(one_line(vote_title(vote.title, self.lang)), "bold")
        state = self.t("tui.vote.open_mark" if vote.is_open else "tui.vote.closed_mark")
        head.append(f"  {state}", "bold green" if vote.is_open else "bold")
        head.append("\n" + voted_on(s, vote, self.lang), "not bold dim")
        self.show("#round-title", head)
        self.show("#turnout", Text(turnout(s, vote, self.lang), "bold"))

    def on_row_list_highlighted(self) -> None:
        self._show_round()

    # -- actions ---------------------------------------------------------------------------------------
    def _choices(self) -> tuple[list[VoteChoice], str]:
        s = self.facilitation.state
        room = s.info.language  # the phones show the title: the room's language, whatever the facilitator reads
        live_props = [p for p in s.propositions.values() if not p.hidden]
        counts = {
            "propositions": len(live_props),
            "dream": len(s.live_themes(Phase.DREAM)),
            "discover": len(s.live_themes(Phase.DISCOVER)),
        }
        choices = [
            VoteChoice(key, self.t(f"tui.vote.choice.{key}"), n, default_title(key, room)) for key, n in counts.items()
        ]
        phase = s.current_phase
        if phase == Phase.DISCOVER:
            default = "discover"
        elif phase == Phase.DREAM or not live_props:
            default = "dream" if choices[1].count or not choices[2].count else "discover"
        else:
            default = "propositions"
        return choices, default

    def action_open_vote(self) -> None:
        open_vote = self.facilitation.state.open_vote
        if open_vote is not None:
            self.say(
                self.t("tui.vote.still_open", title=shorten(vote_title(open_vote.title, self.lang), 60)), error=True
            )
            return
        choices, default = self._choices()
        opened: list[VoteRound] = []

        def open_it(request: VoteRequest) -> None:
            f = self.facilitation
            title = request.title
            if request.on.key == "propositions":
                opened.append(f.open_vote_on_propositions(dots=request.dots, title=title))
            else:
                phase = Phase.DREAM if request.on.key == "dream" else Phase.DISCOVER
                opened.append(f.open_vote_on_themes(phase, dots=request.dots, title=title))

        def done() -> None:
            self.rounds.select_key(opened[0].id)
            self.say(
                self.t(
                    "tui.vote.opened",
                    title=shorten(vote_title(opened[0].title, self.facilitation.state.info.language), 60),
                )
            )

        self.app.push_screen(
            OpenVoteDialog(self.t("tui.vote.open_title"), choices=choices, default=default, apply=open_it),
            self.after_dialog(done),
        )

    def action_close_vote(self) -> None:
        s = self.facilitation.state
        vote = s.open_vote
        if vote is None:
            self.say(self.t("tui.vote.none_open_now"), error=True)
            return
        title = shorten(vote_title(vote.title, self.lang), 60)
        if vote.ballots:
            question = self.t(
                "tui.vote.close_question", title=title, voters=len(vote.ballots), joined=len(s.participants)
            )
            yes = self.t("tui.vote.close_yes")
        else:
            question = self.t("tui.vote.close_nobody", title=title, joined=len(s.participants))
            yes = self.t("tui.vote.close_anyway")

        def answered(yes: bool | None) -> None:
            if not yes:
                return
            ranking = self.change(lambda: self.facilitation.close_vote(vote.id))
            if ranking is not None:
                self.rounds.select_key(vote.id)
                top = ", ".join(f"{shorten(o.label, 40)} ({n})" for o, n in ranking[:3])
                if ranking and ranking[0][1]:
                    self.say(self.t("tui.vote.closed_top", top=top))
                else:
                    self.say(self.t("tui.vote.closed_empty"))

        confirm = Confirm(question, title=self.t("tui.vote.close_title"), yes=yes, no=self.t("tui.vote.keep_open"))
        self.app.push_screen(confirm, answered)
