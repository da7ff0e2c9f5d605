"""Pages in the participant's language: Jinja2 with autoescape on for every template, labels from the catalogs.

Whatever a participant typed is shown as text, never run: autoescape covers every template, and the templates
never mark participant text ``|safe``.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from jinja2 import Environment, FileSystemLoader, StrictUndefined
from starlette.requests import Request
from starlette.responses import HTMLResponse

from ai_toolkit.i18n import LANGUAGE_NAMES, LANGUAGES, catalog, fmt_date, t
from ai_toolkit.i18n.glossary import vote_title
from ai_toolkit.web.guard import LANG_COOKIE

TEMPLATES = Path(__file__).parent / "templates"
STATIC = Path(__file__).parent / "static"

env = Environment(
    loader=FileSystemLoader(TEMPLATES),
    autoescape=True,
    undefined=StrictUndefined,
    trim_blocks=True,
    lstrip_blocks=True,
)
env.globals["vote_title"] = vote_title  # a vote without a title is named in the reader's language


def _asset_version() -> str:
    """Changes when a static file changes, so phones never keep yesterday's script from their cache."""
    stamp = max((p.stat().st_mtime_ns for p in STATIC.iterdir() if p.is_file()), default=0)
    return format(stamp % 10**10, "x")


ASSET_VERSION = _asset_version()


def accepted_language(header: str | None) -> str | None:
    """The first of our languages the browser asks for (``de-AT,de;q=0.9,en;q=0.8`` -> ``de``), by weight."""
    if not header:
        return None
    ranked: list[tuple[float, int, str]] = []
    for i, part in enumerate(header.split(",")[:20]):
        tag, _, params = part.strip().partition(";")
        q = 1.0
        params = params.strip()
        if params.startswith("q="):
            try:
                q = float(params[2:])
            except ValueError:
                q = 0.0
        code = tag.strip().lower().split("-")[0]
        if code in LANGUAGES and q > 0:
            ranked.append((-q, i, code))
    return min(ranked)[2] if ranked else None


def choose_language(request: Request, fallback: str) -> str:
    """The switch's choice, else the browser's language when we speak it, else the session's."""
    chosen = request.cookies.get(LANG_COOKIE)
    if chosen in LANGUAGES:
        return chosen
    return accepted_language(request.headers.get("accept-language")) or (fallback if fallback in LANGUAGES else "en")


class Labels:
    """``_('web.join.button')`` in templates: labels in one language."""

    def __init__(self, lang: str) -> None:
        self.lang = lang

    def __call__(self, key: str, **values: object) -> str:
        return t(key, self.lang, **values)

    def date(self, value: Any) -> str:
        return fmt_date(value, self.lang, "medium")

    def day(self, value: Any) -> str:
        """A meeting's day in full, weekday included: "Monday, 15 February 2027"."""
        return fmt_date(value, self.lang, "full")

    def error(self, code: str, params: dict[str, object] | None = None) -> str:
        """The message for a refusal's code; a general one if the code has no label (or its label wants more)."""
        key = f"error.{code}"
        if key not in catalog("en"):
            return t("error.refused", self.lang)
        try:
            return t(key, self.lang, **(params or {}))
        except (KeyError, IndexError, ValueError):
            return t("error.refused", self.lang)


def render(name: str, lang: str, *, status: int = 200, **context: Any) -> HTMLResponse:
    html = env.get_template(name).render(
        lang=lang,
        _=Labels(lang),
        languages=[(code, LANGUAGE_NAMES[code]) for code in LANGUAGES],
        asset_version=ASSET_VERSION,
        **context,
    )
    return HTMLResponse(html, status_code=status)
