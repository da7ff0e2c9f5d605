"""Pick a session to continue, or create one from a plan of the toolbox.

Answers with ``dismiss``: the opened ``Facilitation``, or ``None`` when the facilitator leaves (the app then
quits). Creating goes through ``create_session``; its refusals (an empty title, a bad date) appear under the
form in plain words and the form keeps everything typed.
"""

from __future__ import annotations

from datetime import date
from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.content import Content
from textual.screen import Screen
from textual.widgets import Button, Footer, Input, Label, OptionList, Select, Static
from textual.widgets.option_list import Option

from ai_toolkit.errors import Refused, ToolkitError
from ai_toolkit.facilitation import Facilitation, create_session, open_session
from ai_toolkit.facilitation.sessions import SessionsDir
from ai_toolkit.i18n import LANGUAGE_NAMES, LANGUAGES
from ai_toolkit.model.plan import pick
from ai_toolkit.plans import Toolbox, load_toolbox


class StartScreen(Screen[Facilitation | None]):
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "leave", "Quit"),
        Binding("ctrl+s", "create", "Create"),
    ]

    def __init__(self, sessions: SessionsDir, toolbox: Toolbox | None = None) -> None:
        super().__init__()
        self.sessions = sessions
        self.toolbox = toolbox or load_toolbox()

    def compose(self) -> ComposeResult:
        with Horizontal(id="start"):
            with Vertical(id="start-open"):
                yield Static(Content.styled("Continue a session", "bold"), classes="start-heading")
                yield OptionList(*self._session_options(), id="start-sessions")
            with VerticalScroll(id="start-new"):
                yield Static(Content.styled("New session", "bold"), classes="start-heading")
                plans = sorted(self.toolbox.plans.values(), key=lambda p: p.id)
                yield Label("Plan")
                yield Select(
                    [(f"{pick(p.name, 'en')} ({p.minutes} min)", p.id) for p in plans],
                    value=plans[0].id if plans else Select.BLANK,
                    allow_blank=not plans,
                    id="start-plan",
                )
                yield Label("Title (required)")
                yield Input(placeholder="Creative industries and industry in Gorenjska", id="start-title")
                yield Label("Project · partner")
                with Horizontal(classes="start-pair"):
                    yield Input(placeholder="InduCCI", id="start-project")
                    yield Input(placeholder="Business Support Centre Kranj", id="start-partner")
                yield Label("Region · venue")
                with Horizontal(classes="start-pair"):
                    yield Input(placeholder="Gorenjska, Slovenia", id="start-region")
                    yield Input(placeholder="Kulturcafé, Jesenice", id="start-venue")
                yield Label("Date (YYYY-MM-DD) · language")
                with Horizontal(classes="start-pair"):
                    yield Input(date.today().isoformat(), id="start-date")
                    yield Select(
                        [(f"{LANGUAGE_NAMES[code]} ({code})", code) for code in LANGUAGES],
                        value="en",
                        allow_blank=False,
                        id="start-language",
                    )
                yield Label("Facilitators (separated by commas)")
                yield Input(id="start-facilitators")
                yield Label("Affirmative topic (empty: the plan's own)")
                yield Input(id="start-topic")
                yield Static(id="start-error")
                yield Button("Create and open (ctrl+s)", variant="primary", id="start-create")
        yield Footer()

    def _session_options(self) -> list[Option]:
        options = []
        try:
            ids = self.sessions.ids()
        except ToolkitError as exc:
            return [Option(Content(exc.message), disabled=True)]
        for session_id in reversed(ids):  # ids start with the date: newest first
            options.append(Option(Content(session_id), id=session_id))
        if not options:
            options.append(Option(Content(f"No sessions in {self.sessions.root} yet."), disabled=True))
        return options

    def on_mount(self) -> None:
        self.query_one("#start-title", Input).focus()

    @on(OptionList.OptionSelected, "#start-sessions")
    def open_existing(self, event: OptionList.OptionSelected) -> None:
        if event.option.id is None:
            return
        try:
            facilitation = open_session(self.sessions, event.option.id)
        except ToolkitError as exc:
            self._error(exc.message)
            return
        self.dismiss(facilitation)

    @on(Button.Pressed, "#start-create")
    def action_create(self) -> None:
        try:
            facilitation = self._create()
        except ToolkitError as exc:
            self._error(exc.message)
            return
        self.dismiss(facilitation)

    def _create(self) -> Facilitation:
        plan_id = self.query_one("#start-plan", Select).value
        if not isinstance(plan_id, str):
            raise Refused("choose a plan (the toolbox is empty: add a plan YAML file to templates/plans)")
        raw_date = self._value("start-date")
        try:
            on = date.fromisoformat(raw_date) if raw_date else None
        except ValueError:
            raise Refused(f"{raw_date!r} is not a date; write it as YYYY-MM-DD") from None
        language = self.query_one("#start-language", Select).value
        topic = self._value("start-topic")
        return create_session(
            self.sessions,
            self.toolbox.get(plan_id),
            title=self._value("start-title"),
            language=language if isinstance(language, str) else "en",
            project=self._value("start-project"),
            partner=self._value("start-partner"),
            region=self._value("start-region"),
            venue=self._value("start-venue"),
            on=on,
            facilitators=[f for f in self._value("start-facilitators").split(",") if f.strip()],
            affirmative_topic=topic or None,
        )

    def _value(self, widget_id: str) -> str:
        return self.query_one(f"#{widget_id}", Input).value.strip()

    def _error(self, message: str) -> None:
        self.query_one("#start-error", Static).update(Content.styled(message[:1].upper() + message[1:], "$error"))

    def action_leave(self) -> None:
        self.dismiss(None)
