"""Add or edit a commitment: what, who, by when, the first step, the support needed."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from textual import on
from textual.app import ComposeResult
from textual.widgets import Input, Static

from ai_toolkit.tui.dialogs.base import Dialog
from ai_toolkit.tui.dialogs.statement import Statement


@dataclass(frozen=True)
class CommitmentAnswer:
    what: str
    who: str = ""
    by_when: str = ""
    """As typed; the service reads it as YYYY-MM-DD and refuses a date in the past."""
    first_step: str = ""
    support_needed: str = ""


class CommitmentDialog(Dialog[CommitmentAnswer]):
    """Every commitment needs a person and a date, or it is a wish: the dialog says so, the service checks."""

    DEFAULT_CSS = """
    CommitmentDialog #what { height: 4; }
    CommitmentDialog #by_when { width: 20; }
    CommitmentDialog .field-label { margin-top: 0; }
    """

    hint = "tui.commitment.hint"

    def __init__(
        self,
        title: str,
        *,
        value: CommitmentAnswer | None = None,
        apply: Callable[[CommitmentAnswer], object] | None = None,
        owner_fixed: bool = False,
    ) -> None:
        super().__init__(title, apply=apply)
        self.value = value or CommitmentAnswer(what="")
        self.owner_fixed = owner_fixed
        """A participant's own commitment: who carries it is shown (as they agreed), not typed."""

    def fields(self) -> ComposeResult:
        v = self.value
        yield Static(self.t("tui.commitment.what_label"), classes="field-label")
        yield Statement(v.what, placeholder=self.t("tui.commitment.what_placeholder"), id="what")
        if self.owner_fixed:
            yield Static(self.t("tui.commitment.who_fixed"), classes="field-label")
            yield Input(v.who, max_length=200, id="who", disabled=True)
        else:
            yield Static(self.t("tui.commitment.who_label"), classes="field-label")
            yield Input(v.who, placeholder=self.t("tui.commitment.who_placeholder"), max_length=200, id="who")
        yield Static(self.t("tui.commitment.by_when_label"), classes="field-label")
        yield Input(v.by_when, placeholder=self.t("tui.commitment.date_placeholder"), max_length=10, id="by_when")
        yield Static(self.t("tui.commitment.first_step"), classes="field-label")
        yield Input(v.first_step, max_length=2000, id="first_step")
        yield Static(self.t("tui.commitment.support"), classes="field-label")
        yield Input(v.support_needed, max_length=2000, id="support_needed")

    def on_mount(self) -> None:
        self.query_one("#what", Statement).focus()

    def answer(self) -> CommitmentAnswer:
        def value(field: str) -> str:
            return self.query_one(f"#{field}", Input).value

        return CommitmentAnswer(
            what=self.query_one("#what", Statement).text,
            who=value("who"),
            by_when=value("by_when"),
            first_step=value("first_step"),
            support_needed=value("support_needed"),
        )

    @on(Statement.Submitted)
    def _enter(self) -> None:
        self.action_submit()
