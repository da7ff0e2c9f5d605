"""Where every word of the facilitator's screen comes from: the i18n catalogs, in the facilitator's language.

One rule, so a Slovenian facilitator never meets a half-English screen:

- ``lang``: what the facilitator reads. ``ai-toolkit run --ui-lang de`` for a facilitator who prefers another
  language than the room's; otherwise the session's language. Every screen, dialog, key label, notification, help
  page and palette command uses it, the projected main screen included (a facilitator who chose their own language
  also projects it; the phones show each participant their own language anyway).
- the session's language (``state.info.language``) for words the phones see (a vote's title suggested by the
  TUI), whatever the facilitator reads.

A screen, dialog or widget mixes in ``Localised`` and writes ``self.t("tui.count.themes", n=3)``. Key bindings
name catalog keys instead of English words (``Binding("a", "assign", "tui.key.assign", tooltip=
"tui.keyhelp.assign")``); ``KeyFooter``, the help screen and the command palette translate them with
``key_label`` and ``key_help``. Method words (phases, sectors, modes) come from the shared ``common`` catalog
through ``widgets/labels.py``.
"""

from __future__ import annotations

import os
from typing import TYPE_CHECKING, cast

from textual.binding import Binding

from ai_toolkit.i18n import LANGUAGES, normalise_lang, t

if TYPE_CHECKING:
    from textual.dom import DOMNode


def lang_of(node: DOMNode) -> str:
    """The facilitator's language for anything drawn by ``node``: its app's ``lang`` (English if it has none)."""
    lang = getattr(node.app, "lang", None)
    return lang if isinstance(lang, str) and lang in LANGUAGES else "en"


def system_lang() -> str:
    """The laptop's own language (``LANG=sl_SI.UTF-8`` -> ``sl``): for the start screen, before any session."""
    for name in ("LC_ALL", "LC_MESSAGES", "LANG"):
        value = os.environ.get(name, "")
        if value and value not in ("C", "POSIX") and not value.startswith("C."):
            return normalise_lang(value)
    return "en"


class Localised:
    """Mixed into TUI screens, dialogs and widgets: ``self.lang`` and ``self.t(key, **values)``."""

    @property
    def lang(self) -> str:
        return lang_of(cast("DOMNode", self))

    def t(self, key: str, /, **values: object) -> str:
        return t(key, self.lang, **values)


def key_label(binding: Binding, lang: str) -> str:
    """A binding's short label (the footer's word): its description is a catalog key."""
    return t(binding.description, lang) if binding.description else ""


def key_help(binding: Binding, lang: str) -> str:
    """What a binding does, one line (help screen, palette): its tooltip is a catalog key, else the label."""
    return t(binding.tooltip, lang) if binding.tooltip else key_label(binding, lang)


def key_names(binding: Binding) -> str:
    """``n / right`` for the keys of a binding, as the help and the palette show them."""
    return " / ".join(k.strip().replace("escape", "esc") for k in binding.key.split(","))
