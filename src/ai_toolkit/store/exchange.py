"""The session exchange format: one JSON file holding the whole event log.

```json
{"format": "ai-toolkit-session", "version": 1, "exported_at": "...", "session_id": "...",
 "events": [{"seq": 1, "at": "2026-11-23T13:00:00+00:00", "client_id": null,
             "event": {"kind": "session_created", ...}}]}
```

``import(export(s))`` gives back the same session: same id, same events, same state, except its secrets: the
export leaves the join and facilitator tokens empty, and the import makes fresh ones (``facilitation.lifecycle``).
Files of another ``format`` or ``version``, damaged JSON, events that do not fold, and text that is not valid Unicode
are refused whole, so an import never leaves a half-written session.
"""

from __future__ import annotations

import json
import re
from datetime import UTC, datetime
from typing import Any

from pydantic import ValidationError

from ai_toolkit.errors import Refused
from ai_toolkit.model.events import Recorded, SessionCreated
from ai_toolkit.model.fold import fold
from ai_toolkit.store.sessions import is_safe_id

FORMAT = "ai-toolkit-session"
VERSION = 1
MAX_IMPORT_BYTES = 200_000_000
_C1 = re.compile("[\x7f-\x9f]")


def export_json(records: list[Recorded]) -> str:
    """The export of a whole log, without the session's secrets (``without_tokens``)."""
    doc = {
        "format": FORMAT,
        "version": VERSION,
        "exported_at": datetime.now(UTC).isoformat(),
        "session_id": _session_id(records),
        "events": [json.loads(r.model_dump_json()) for r in without_tokens(records)],
    }
    # JSON escapes C0 controls itself; DEL and C1 (U+009B is a terminal's CSI) go out as \u escapes too, so the
    # file printed to a terminal cannot drive it. They can only stand inside strings: the meaning is unchanged.
    return _C1.sub(lambda m: f"\\u{ord(m.group()):04x}", json.dumps(doc, ensure_ascii=False, indent=1))


def without_tokens(records: list[Recorded]) -> list[Recorded]:
    """The log with the join and facilitator tokens left empty: an export goes to partners' drives and e-mail, and
    the tokens are the keys to the room's pages (the facilitator's opens the wall). An import makes fresh ones."""
    if not records or not isinstance(records[0].event, SessionCreated):
        return records
    created = records[0].event
    info = created.info.model_copy(update={"join_token": "", "facilitator_token": ""})
    return [records[0].model_copy(update={"event": created.model_copy(update={"info": info})}), *records[1:]]


def _session_id(records: list[Recorded]) -> str:
    created = records[0].event if records else None
    info = getattr(created, "info", None)
    return info.id if info else ""


def parse_json(text: str, source: str = "the file") -> list[Recorded]:
    try:
        doc: Any = json.loads(text)
    except json.JSONDecodeError as exc:
        raise Refused(f"{source} is not valid JSON (line {exc.lineno}, column {exc.colno}: {exc.msg})") from None
    except (RecursionError, ValueError) as exc:
        # Valid JSON that Python will not hold: nested thousands deep, or a number thousands of digits long.
        what = "is nested too deeply" if isinstance(exc, RecursionError) else "holds a number too long to read"
        raise Refused(f"{source} is not a session export: it {what}") from None
    if not isinstance(doc, dict) or doc.get("format") != FORMAT:
        raise Refused(f'{source} is not an ai-toolkit session export (no "format": "{FORMAT}")')
    if doc.get("version") != VERSION:
        raise Refused(f"{source} is format version {doc.get('version')!r}; this ai-toolkit reads version {VERSION}")
    try:
        json.dumps(doc, ensure_ascii=False).encode("utf-8")
    except UnicodeEncodeError:
        raise Refused(f"{source} holds text that is not valid Unicode (a lone surrogate such as \\ud83d)") from None
    events = doc.get("events")
    if not isinstance(events, list) or not events:
        raise Refused(f"{source} has no events")
    records = []
    for number, e in enumerate(events, 1):
        try:
            records.append(Recorded.model_validate(e))
        except ValidationError as exc:
            err = exc.errors()[0]
            where = ".".join(str(p) for p in err["loc"])
            seq = e.get("seq") if isinstance(e, dict) and isinstance(e.get("seq"), int) else f"#{number}"
            raise Refused(f"{source}: event {seq}, field {where}: {err['msg'][:200]}") from None
    seqs = [r.seq for r in records]
    if seqs != sorted(set(seqs)):
        raise Refused(f"{source}: events are out of order or repeated")
    client_ids = [r.client_id for r in records if r.client_id is not None]
    if len(client_ids) != len(set(client_ids)):
        raise Refused(f"{source}: two events carry the same client id")
    first = records[0].event
    if isinstance(first, SessionCreated) and not is_safe_id(first.info.id):
        # The id becomes a folder name: refuse anything that could point outside the sessions folder.
        raise Refused(f"{source}: the session id {first.info.id!r} is not a safe folder name")
    try:
        fold(records)
    except (ValueError, KeyError, IndexError, TypeError, AttributeError) as exc:
        # FoldError is a ValueError; the others come from events naming things that do not exist.
        raise Refused(f"{source}: the events do not make a consistent session ({exc!s})") from None
    return records
