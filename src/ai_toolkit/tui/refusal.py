"""How the service's answers become sentences on the facilitator's screen: refusals, and what undo took back.

The service refuses with a stable code (``exc.code``) and, for some codes, values (``limit``, ``allowed``). The
TUI says each code in its own words, ``tui.refusal.<code>``, written for the facilitator (naming the key that
helps: "press ctrl+n to start"), while the phones say the same code in theirs (``error.<code>`` in ``i18n/web``).
A code without a label of its own (a store failure, a new code) gets ``tui.refusal.other`` with the service's own
message as the detail, so nothing is ever hidden, only less well put.

Every screen runs a service command through ``attempt``: a refusal becomes one notification and ``None``, never a
traceback, and the session is unchanged. A dialog shows the same sentence under its fields instead (``Dialog``).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any, TypeVar

from ai_toolkit.errors import Code, ToolkitError
from ai_toolkit.i18n import catalog, t
from ai_toolkit.tui.widgets.labels import sector_label
from ai_toolkit.tui.words import lang_of

if TYPE_CHECKING:
    from textual.app import App
    from textual.widget import Widget

    from ai_toolkit.facilitation import Facilitation

    Node = Widget | App[Any]

R = TypeVar("R")
TIMEOUT = 8


def refusal_text(exc: ToolkitError, lang: str) -> str:
    """The refusal as one sentence in ``lang``, from its code."""
    values: dict[str, object] = {**exc.params, "detail": detail(exc), "field": field_word(exc.params.get("what"), lang)}
    key = f"tui.refusal.{exc.code}"
    for language in (lang, "en"):
        template = catalog(language).get(key)
        if template:
            try:
                return template.format(**values)
            except (KeyError, IndexError, ValueError):  # a label that wants a value this refusal lacks
                continue
    return t("tui.refusal.other", lang, detail=detail(exc))


def field_word(what: object, lang: str) -> str:
    """The field a text refusal is about ("title", "theme name": the service's ``what``) in ``lang``; "text" for
    one it does not name."""
    key = "tui.field." + str(what or "text").replace(" (what)", "").replace(" ", "_")
    return t(key if key in catalog("en") else "tui.field.text", lang)


def detail(exc: ToolkitError) -> str:
    """The service's own words (English, technical: a file name, an operating-system error) as a clause."""
    message = " ".join(str(exc).split()).rstrip(".") or exc.code
    return message


def attempt(node: Node, change: Callable[[], R]) -> R | None:
    """Run one service command for ``node``'s screen; a refusal becomes a notification and ``None``."""
    try:
        return change()
    except ToolkitError as exc:
        refused(node, exc)
        return None


def refused(node: Node, exc: ToolkitError) -> None:
    lang = lang_of(node)
    node.notify(
        refusal_text(exc, lang), title=t("tui.refused.title", lang), severity="error", timeout=TIMEOUT, markup=False
    )


def undo(node: Node, facilitation: Facilitation) -> None:
    """Take back the facilitator's last change and say what it was (``tui.undo.<what>`` of the service's
    ``UndoStep``), or that there is nothing to undo. The one undo of the TUI: the app and every view call it."""
    lang = lang_of(node)
    step = facilitation.next_undo
    try:
        facilitation.undo()
    except ToolkitError as exc:
        if exc.code == Code.NOTHING_TO_UNDO:
            node.notify(t("tui.refusal.nothing_to_undo", lang), severity="warning")
        else:
            refused(node, exc)
        return
    if step is not None and f"tui.undo.{step.what}" in catalog("en"):
        params = dict(step.params)
        if "sector" in params:  # the service names a sector by its id: say it as the screen does
            params["sector"] = sector_label(facilitation.state.plan, params["sector"], lang)
        node.notify(t(f"tui.undo.{step.what}", lang, **params), markup=False)
    else:
        node.notify(t("tui.undo.other", lang))
