"""Pick a session to continue, or create one from a plan of the toolbox.

Answers with ``dismiss``: the opened ``Facilitation``, or ``None`` when the facilitator leaves (the app then
quits). Sessions are listed by title, date and language, newest first. Creating goes through ``create_session``;
its refusals (an empty title, a bad date) appear under the form in the facilitator's words and the form keeps
everything typed. No session is open yet, so the words are in ``--ui-lang`` or the laptop's language.
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
from textual.widgets import Button, Input, Label, OptionList, Select, Static
from textual.widgets.option_list import Option

from ai_toolkit.errors import Code, NotFound, Refused, StoreError, ToolkitError
from ai_toolkit.facilitation import Facilitation, create_session, open_session
from ai_toolkit.facilitation.sessions import SessionsDir
from ai_toolkit.i18n import LANGUAGE_NAMES, LANGUAGES, fmt_date
from ai_toolkit.model.plan import pick
from ai_toolkit.plans import Toolbox, load_toolbox
from ai_toolkit.tui.refusal import refusal_text
from ai_toolkit.tui.widgets.footer import KeyFooter
from ai_toolkit.tui.words import Localised


class StartScreen(Localised, Screen[Facilitation | None]):
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "leave", "tui.key.quit"),
        Binding("ctrl+s", "create", "tui.key.create"),
    ]

    def __init__(self, sessions: SessionsDir, toolbox: Toolbox | None = None) -> None:
        super().__init__()
        self.sessions = sessions
        self.toolbox = toolbox or load_toolbox()

    def compose(self) -> ComposeResult:
        lang = self.lang
        with Horizontal(id="start"):
            with Vertical(id="start-open"):
                yield Static(Content.styled(self.t("tui.start.continue"), "bold"), classes="start-heading")
                yield OptionList(*self._session_options(), id="start-sessions")
            with VerticalScroll(id="start-new"):
                yield Static(Content.styled(self.t("tui.start.new"), "bold"), classes="start-heading")
                plans = sorted(self.toolbox.plans.values(), key=lambda p: p.id)
                yield Label(self.t("tui.start.plan"))
                yield Select(
                    [(f"{pick(p.name, lang)} ({self.t('common.minutes', n=p.minutes)})", p.id) for p in plans],
                    value=plans[0].id if plans else Select.BLANK,
                    allow_blank=not plans,
                    prompt=self.t("tui.start.choose"),
                    id="start-plan",
                )
                yield Label(self.t("tui.start.title"))
                yield Input(placeholder=self.t("tui.start.title_example"), id="start-title")
                yield Label(self.t("tui.start.project_partner"))
                with Horizontal(classes="start-pair"):
                    yield Input(placeholder="InduCCI", id="start-project")
                    yield Input(placeholder=self.t("tui.start.partner_example"), id="start-partner")
                yield Label(self.t("tui.start.region_venue"))
                with Horizontal(classes="start-pair"):
                    yield Input(placeholder=self.t("tui.start.region_example"), id="start-region")
                    yield Input(placeholder="Kulturcafé, Jesenice", id="start-venue")
                yield Label(self.t("tui.start.date_language"))
                with Horizontal(classes="start-pair"):
                    yield Input(date.today().isoformat(), id="start-date")
                    yield Select(
                        [(f"{LANGUAGE_NAMES[code]} ({code})", code) for code in LANGUAGES],
                        value=lang,
                        allow_blank=False,
                        id="start-language",
                    )
                yield Label(self.t("tui.start.facilitators"))
                yield Input(id="start-facilitators")
                yield Label(self.t("tui.start.topic"))
                yield Input(id="start-topic")
                yield Static(id="start-error")
                yield Button(self.t("tui.start.create"), variant="primary", id="start-create")
        yield KeyFooter()

    def _session_options(self) -> list[Option]:
        """One line per session, newest first: its title, date and language (the id is in the folder name)."""
        options = []
        try:
            ids = self.sessions.ids()
        except ToolkitError as exc:
            return [Option(Content(refusal_text(exc, self.lang)), disabled=True)]
        for session_id in reversed(ids):  # ids start with the date: newest first
            try:
                f = open_session(self.sessions, session_id)
            except StoreError as exc:
                label = Content.assemble((session_id, "bold"), "\n", (refusal_text(exc, self.lang), "$error"))
                options.append(Option(label, disabled=True))
                continue
            info = f.state.info
            f.close()
            about = f"{fmt_date(info.date, self.lang, 'medium')} · {info.language}"
            where = info.region or info.venue
            if where:
                about += f" · {where}"
            options.append(Option(Content.assemble((info.title, "bold"), "\n", (about, "dim")), id=session_id))
        if not options:
            options.append(Option(Content(self.t("tui.start.none", folder=self.sessions.root)), disabled=True))
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
            self._error(refusal_text(exc, self.lang))
            return
        self.dismiss(facilitation)

    @on(Button.Pressed, "#start-create")
    def action_create(self) -> None:
        try:
            facilitation = self._create()
        except ToolkitError as exc:
            self._error(refusal_text(exc, self.lang))
            return
        self.dismiss(facilitation)

    def _create(self) -> Facilitation:
        plan_id = self.query_one("#start-plan", Select).value
        if not isinstance(plan_id, str):
            raise NotFound("no plan to choose: the toolbox is empty (add a plan YAML file to templates/plans)")
        raw_date = self._value("start-date")
        try:
            on = date.fromisoformat(raw_date) if raw_date else None
        except ValueError:
            raise Refused(f"{raw_date!r} is not a date; write it as YYYY-MM-DD", code=Code.BAD_DATE) from None
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
        self.query_one("#start-error", Static).update(Content.styled(message, "$error"))

    def action_leave(self) -> None:
        self.dismiss(None)
