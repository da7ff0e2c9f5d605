"""What the group agrees during a session, from the shell: the affirmative topic and the follow-up meeting."""

from __future__ import annotations

from typing import Annotated

import typer

from ai_toolkit.cli.common import app, echo, settings
from ai_toolkit.errors import Refused
from ai_toolkit.facilitation import checks
from ai_toolkit.model.session import SessionState


def _typed(value: str, what: str) -> str:
    """A shell argument that was not UTF-8 would lose letters when cleaned ("café" typed in Latin-1): refuse it."""
    if any("\udc80" <= ch <= "\udcff" for ch in value):
        raise Refused(f"the {what} is not UTF-8 text; set your terminal to UTF-8 and try again")
    return value


def agreed(s: SessionState) -> list[str]:
    """What the session now holds of the group's agreements, as the command confirms it."""
    topic = s.info.affirmative_topic or "-"
    lines = [f"Affirmative topic ({'agreed' if s.topic_agreed_at else 'draft'}): {topic}"]
    f = s.follow_up
    if f is None:
        lines.append("Follow-up: not set")
    else:
        lines.append("Follow-up: " + " · ".join(x for x in (f.on.isoformat() if f.on else "", f.place) if x))
    return lines


@app.command("set")
def set_agreed(
    session: Annotated[str, typer.Argument(help="Session id or a unique prefix of it.")],
    follow_up: Annotated[
        str | None,
        typer.Option("--follow-up", help="YYYY-MM-DD: when the group meets again ('' takes the date away)."),
    ] = None,
    place: Annotated[str | None, typer.Option("--place", help="Where the group meets again.")] = None,
    topic: Annotated[str | None, typer.Option("--topic", help="The affirmative topic as the group agreed it.")] = None,
) -> None:
    """Record what the group agreed: the affirmative topic (in Define), the follow-up date and place (in Destiny).
    The wall, the phones' last page and the minutes show them."""
    if follow_up is None and place is None and topic is None:
        raise Refused("nothing to set: give --topic, --follow-up or --place")
    # Everything is checked before anything is recorded, so a mistake in one option changes nothing.
    wording = checks.text(_typed(topic, "topic"), "affirmative topic", checks.MAX_TOPIC) if topic is not None else None
    where = checks.short(_typed(place, "place"), "place") if place is not None else None
    when = checks.a_date(follow_up) if follow_up is not None else None
    f = settings.open(session)
    if follow_up is not None or where is not None:
        current = f.state.follow_up
        f.set_follow_up(
            when if follow_up is not None else (current.on if current else None),
            where if where is not None else (current.place if current else ""),
        )
    if wording is not None:
        f.agree_topic(wording)
    for line in agreed(f.state):
        echo(line)
