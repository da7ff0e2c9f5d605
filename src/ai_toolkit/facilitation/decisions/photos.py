"""Photos of the room's paper: sent from phones like a contribution, captioned, hidden by the facilitator or
withdrawn by their sender, and the questions the wall, the TUI, the phones and the minutes ask about them.

A participant's photo follows the contribution's rules (it belongs to the activity running when it was sent, and
its sender may change its caption while that activity is open: ``refusal_to_change_own``; withdraw it at any
time, as every participant may withdraw what they sent: ``refusal_to_withdraw``), with
one more: at most ``MAX_PER_PARTICIPANT`` photos each. The facilitator's own phone may add a photo to any activity
that has run (the flipcharts are often photographed at the end), and is not counted.
"""

from __future__ import annotations

from ai_toolkit.errors import Code, Refused, ToolkitError
from ai_toolkit.facilitation.change import Change, UndoStep, change
from ai_toolkit.facilitation.checks import unknown
from ai_toolkit.facilitation.decisions.contributions import refusal_to_change_own, where
from ai_toolkit.facilitation.decisions.participants import the_participant
from ai_toolkit.facilitation.decisions.phones import PhoneView, phone_view
from ai_toolkit.facilitation.decisions.withdrawal import refusal_to_withdraw_own
from ai_toolkit.facilitation.photo_files import StoredPhoto
from ai_toolkit.model import events as ev
from ai_toolkit.model.enums import Phase, Sector, Source
from ai_toolkit.model.plan import Activity
from ai_toolkit.model.session import Photo, SessionState

MAX_PER_PARTICIPANT = 20
"""Photos one participant may send in a session (withdrawn ones do not count): a group's flipcharts and
postcards, with room for a retake, and a bound on what one phone can put on the laptop's disk."""


def the_photo(s: SessionState, photo_id: str) -> Photo:
    p = s.photos.get(photo_id)
    if p is None:
        raise unknown("photo", photo_id, Code.UNKNOWN_PHOTO)
    return p


# -- questions -----------------------------------------------------------------------------------------------
def sent_by(s: SessionState, participant_id: str) -> list[Photo]:
    """A participant's photos that still count (not withdrawn), oldest first."""
    return [p for p in s.photos.values() if p.participant_id == participant_id and not p.withdrawn]


def photos_left(s: SessionState, participant_id: str) -> int:
    """How many more photos this participant may send."""
    return max(0, MAX_PER_PARTICIPANT - len(sent_by(s, participant_id)))


def visible_photos(s: SessionState, activity_id: str | None = None) -> list[Photo]:
    """Photos the room and the minutes see (not hidden, not withdrawn), oldest first, of one activity or all."""
    return [p for p in s.photos.values() if p.visible and (activity_id is None or p.activity_id == activity_id)]


def wall_photos(s: SessionState) -> list[Photo]:
    """What the projected wall shows: the running activity's visible photos, newest first."""
    here = s.current_activity_id
    return list(reversed(visible_photos(s, here))) if here else []


def listed_photos(s: SessionState, activity_id: str | None = None) -> list[Photo]:
    """What the facilitator's list shows: every photo not withdrawn (hidden ones too, to show them again)."""
    return [p for p in s.photos.values() if not p.withdrawn and (activity_id is None or p.activity_id == activity_id)]


def photo_counts(s: SessionState) -> dict[str, int]:
    """Visible photos per activity id (activities without photos are left out)."""
    counts: dict[str, int] = {}
    for p in visible_photos(s):
        counts[p.activity_id] = counts.get(p.activity_id, 0) + 1
    return counts


def file_in_use(s: SessionState, sha256: str) -> bool:
    """Whether a photo that is not withdrawn still needs the file (two identical uploads share one)."""
    return any(p.sha256 == sha256 and not p.withdrawn for p in s.photos.values())


def refusal_to_change(s: SessionState, p: Photo, participant_id: str) -> ToolkitError | None:
    """Why ``participant_id`` may not change or withdraw ``p`` now, or None (the contribution's rule)."""
    return refusal_to_change_own(
        s,
        "photo",
        p.id,
        owner=p.participant_id,
        withdrawn=p.withdrawn,
        activity_id=p.activity_id,
        participant_id=participant_id,
        not_found=Code.UNKNOWN_PHOTO,
    )


def refusal_to_withdraw(p: Photo, participant_id: str) -> ToolkitError | None:
    """Why ``participant_id`` may not withdraw ``p``, or None: as for all they send (consent)."""
    return refusal_to_withdraw_own("photo", p, participant_id, Code.UNKNOWN_PHOTO)


def refusal_to_send(s: SessionState, participant_id: str, activity_id: str | None) -> ToolkitError | None:
    """Why a participant may not send a photo now (asked before the web decodes one, and again on adding), or None:
    they have joined, the activity their page showed is still running and collecting, and they have photos left."""
    try:
        the_participant(s, participant_id)
        where(s, None, activity_id)
    except ToolkitError as exc:
        return exc
    if phone_view(s) != PhoneView.CONTRIBUTE:
        return Refused("this activity is not collecting photos now", code=Code.ACTIVITY_CLOSED)
    if not photos_left(s, participant_id):
        return Refused(
            f"you have sent {MAX_PER_PARTICIPANT} photos, the most one person may send",
            code=Code.PHOTO_LIMIT,
            limit=MAX_PER_PARTICIPANT,
        )
    return None


def activities_for_facilitator(s: SessionState) -> list[tuple[Phase, Activity]]:
    """The activities the facilitator's phone may file a photo under: those that have run, in the plan's order."""
    ran = {r.activity_id for r in s.runs}
    return [(p, a) for p, a in s.plan.steps() if a.id in ran]


def default_activity(s: SessionState) -> str | None:
    """The activity a facilitator's photo goes to unless they pick another: the running one, else the last run."""
    return s.current_activity_id or (s.runs[-1].activity_id if s.runs else None)


# -- decisions -----------------------------------------------------------------------------------------------
def add(
    s: SessionState,
    *,
    photo_id: str,
    stored: StoredPhoto,
    caption: str,
    source: Source,
    participant_id: str | None,
    activity_id: str | None,
) -> Change:
    if source == Source.PARTICIPANT:
        refused = refusal_to_send(s, participant_id or "", activity_id)
        if refused is not None:
            raise refused
        participant = the_participant(s, participant_id)
        phase, act = where(s, None, activity_id)
        sector = participant.sector
    else:
        phase, act = _facilitators_activity(s, activity_id)
        participant_id, sector = None, Sector.OTHER.value
    added = ev.PhotoAdded(
        photo_id=photo_id,
        sha256=stored.sha256,
        size=stored.size,
        width=stored.width,
        height=stored.height,
        caption=caption,
        phase=phase,
        activity_id=act.id,
        source=source,
        participant_id=participant_id,
        sector=sector,
    )
    return change(added, UndoStep("add_photo", [ev.PhotoHidden(photo_id=photo_id)]))


def _facilitators_activity(s: SessionState, activity_id: str | None) -> tuple[Phase, Activity]:
    wanted = activity_id or default_activity(s)
    if wanted is None:
        raise Refused("no activity has run yet (start the session first)", code=Code.NOT_STARTED)
    found = next(((p, a) for p, a in activities_for_facilitator(s) if a.id == wanted), None)
    if found is None:
        raise Refused(f"the activity {wanted!r} has not run in this session", code=Code.NO_SUCH_STEP)
    return found


def _changeable(s: SessionState, photo_id: str, by_participant: str | None) -> Photo:
    p = the_photo(s, photo_id)
    if by_participant is not None:
        refusal = refusal_to_change(s, p, by_participant)
        if refusal is not None:
            raise refusal
    elif p.withdrawn:
        raise Refused("its sender has withdrawn this photo", code=Code.WITHDRAWN)
    return p


def caption(s: SessionState, photo_id: str, text: str, *, by_participant: str | None) -> Change | None:
    p = _changeable(s, photo_id, by_participant)
    if p.caption == text:
        return None
    return change(
        ev.PhotoCaptioned(photo_id=photo_id, caption=text),
        UndoStep("caption_photo", [ev.PhotoCaptioned(photo_id=photo_id, caption=p.caption)]),
    )


def hide(s: SessionState, photo_id: str, hidden: bool) -> Change | None:
    """The facilitator hides a photo from the wall and the minutes, or shows it again; its file stays."""
    p = _changeable(s, photo_id, None)
    if p.hidden == hidden:
        return None
    return change(
        ev.PhotoHidden(photo_id=photo_id, hidden=hidden),
        UndoStep("hide_photo" if hidden else "show_photo", [ev.PhotoHidden(photo_id=photo_id, hidden=not hidden)]),
    )


def withdraw(s: SessionState, photo_id: str, *, by_participant: str) -> Change:
    """Its sender takes it back, at any time: final, with no undo (the service deletes the file and the caption)."""
    refused = refusal_to_withdraw(the_photo(s, photo_id), by_participant)
    if refused is not None:
        raise refused
    return change(ev.PhotoWithdrawn(photo_id=photo_id))
