"""The one service that changes a session. The TUI, the web form and the CLI only call it.

Every command: takes the write lock of the database, catches up with events other processes wrote, checks the
rules against that fresh state, appends one event, applies it, and tells the listeners. A refused command raises
``Refused`` (or ``NotFound``) with a clear message and a stable code, and changes nothing.

Commands that carry a ``client_id`` (phones on bad Wi-Fi retry) are idempotent: the second call finds the event
the first one made and returns the same result.
"""

from __future__ import annotations

import re
import secrets
import shutil
import threading
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any, TypeVar

from ai_toolkit.errors import NotFound, Refused, StoreError
from ai_toolkit.model import events as ev
from ai_toolkit.model.enums import LANGUAGES, Collects, Phase, Sector, Source
from ai_toolkit.model.fold import EDITABLE_DETAILS, FoldError, apply, fold
from ai_toolkit.model.plan import Plan, pick
from ai_toolkit.model.session import (
    Commitment,
    Contribution,
    Participant,
    Proposition,
    SessionInfo,
    SessionState,
    Theme,
    VoteOption,
    VoteRound,
)
from ai_toolkit.model.text import MAX_SHORT, MAX_TEXT, clean, clean_forbidden
from ai_toolkit.store.events import EventStore
from ai_toolkit.store.sessions import DB_NAME, SessionsDir, slug

Clock = Callable[[], datetime]
E = TypeVar("E")
T = TypeVar("T")
Listener = Callable[[list[ev.Recorded]], None]

MAX_DOTS = 20
#: Ids a client may choose (a phone's cookie): letters, digits, '-' and '_', as ``new_id`` and
#: ``secrets.token_urlsafe`` make them.
_CLIENT_MADE_ID = re.compile(r"^[A-Za-z0-9_-]{1,100}$")
MAX_OPTIONS = 40


@dataclass(frozen=True)
class Change:
    """A change made of several events, recorded together, with the events that take it back (if any)."""

    events: list[ev.Event]
    undo: tuple[str, list[ev.Event]] | None = None


def utcnow() -> datetime:
    return datetime.now(UTC)


def new_id(prefix: str = "") -> str:
    return prefix + secrets.token_hex(6)


def _text(value: str, what: str, limit: int = MAX_TEXT, *, required: bool = True) -> str:
    text = clean(value or "")
    if required and not text:
        raise Refused(f"the {what} is empty", code="empty_text", what=what)
    if len(text) > limit:
        raise Refused(
            f"the {what} is {len(text)} characters long; the limit is {limit}",
            code="text_too_long",
            what=what,
            limit=limit,
        )
    return text


def _lang(value: str) -> str:
    if value not in LANGUAGES:
        raise Refused(f"unknown language {value!r}; use one of {', '.join(LANGUAGES)}", code="bad_language")
    return value


def create_session(
    sessions: SessionsDir,
    plan: Plan,
    *,
    title: str,
    language: str = "en",
    project: str = "",
    partner: str = "",
    region: str = "",
    venue: str = "",
    on: date | None = None,
    facilitators: Iterable[str] = (),
    affirmative_topic: str | None = None,
    clock: Clock = utcnow,
) -> Facilitation:
    """Make a new session folder and database, built aside and moved into place so it is never half-written."""
    now = clock()
    title = _text(title, "title", MAX_SHORT)
    language = _lang(language)
    topic = pick(plan.affirmative_topic, language) if affirmative_topic is None else affirmative_topic
    session_date = on or now.date()
    session_id = f"{session_date.isoformat()}-{slug(title, 30)}-{secrets.token_hex(3)}"
    info = SessionInfo(
        id=session_id,
        title=title,
        project=_text(project, "project", MAX_SHORT, required=False),
        partner=_text(partner, "partner", MAX_SHORT, required=False),
        region=_text(region, "region", MAX_SHORT, required=False),
        venue=_text(venue, "venue", MAX_SHORT, required=False),
        date=session_date,
        language=language,
        facilitators=[_text(f, "facilitator", MAX_SHORT) for f in facilitators if f.strip()],
        affirmative_topic=_text(topic, "affirmative topic", 1000, required=False),
        join_token=secrets.token_urlsafe(24),
        facilitator_token=secrets.token_urlsafe(24),
    )
    return _materialise(sessions, [ev.Recorded(seq=1, at=now, event=ev.SessionCreated(info=info, plan=plan))], clock)


def import_records(sessions: SessionsDir, records: list[ev.Recorded], *, clock: Clock = utcnow) -> Facilitation:
    """Make a session from a whole event log (an import); the log is folded first, so a bad one is refused whole."""
    fold(records)
    return _materialise(sessions, records, clock)


def _materialise(sessions: SessionsDir, records: list[ev.Recorded], clock: Clock) -> Facilitation:
    created = records[0].event
    assert isinstance(created, ev.SessionCreated)
    session_id = created.info.id
    staging = sessions.staging(session_id)
    try:
        store = EventStore(staging / DB_NAME, create=True)
        try:
            with store.transaction():
                for rec in records:
                    store.append(rec.event, at=rec.at, client_id=rec.client_id)
        finally:
            store.close()
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)  # never leave a half-built session behind
        raise
    folder = sessions.publish(staging, session_id)
    return Facilitation(EventStore(folder / DB_NAME), clock=clock)


def open_session(sessions: SessionsDir, ref: str, *, clock: Clock = utcnow) -> Facilitation:
    session_id = sessions.resolve(ref)
    return Facilitation(EventStore(sessions.db_path(session_id)), clock=clock)


class Facilitation:
    """The rules of running one Appreciative Inquiry session."""

    def __init__(self, store: EventStore, *, clock: Clock = utcnow) -> None:
        self.store = store
        self.clock = clock
        self._lock = threading.RLock()
        self._listeners: list[Listener] = []
        # The facilitator's own changes in this process, newest last, each with the events that reverse it.
        self._undo: list[tuple[str, list[ev.Event]]] = []
        # While ``together`` runs: the events to tell listeners once the group is saved (None: not grouping).
        self._group: list[ev.Recorded] | None = None
        try:
            self.state: SessionState = fold(store.read())
        except FoldError as exc:
            store.close()
            raise StoreError(f"{store.path}: the session's log is damaged ({exc})") from None

    @property
    def folder(self) -> Path:
        return self.store.path.parent

    def close(self) -> None:
        self.store.close()

    # -- following along ---------------------------------------------------------------------------------
    def subscribe(self, listener: Listener) -> Callable[[], None]:
        """Call ``listener`` with new events after each change (ours, or another process's seen by ``refresh``)."""
        self._listeners.append(listener)
        return lambda: self._listeners.remove(listener) if listener in self._listeners else None

    def refresh(self) -> list[ev.Recorded]:
        """Catch up with events written by another process (the CLI while the TUI runs)."""
        with self._lock:
            new = self._catch_up()
        self._notify(new)
        return new

    def _catch_up(self) -> list[ev.Recorded]:
        new = self.store.read(after=self.state.seq)
        for rec in new:
            apply(self.state, rec)
        return new

    def _notify(self, records: list[ev.Recorded]) -> None:
        if self._group is not None:  # heard when the group is saved, not before
            self._group.extend(records)
            return
        if records:
            for listener in list(self._listeners):
                listener(records)

    def together(self, commands: Sequence[Callable[[], T]]) -> list[T | Exception]:
        """Run several commands in one transaction, so one fsync acknowledges them all (group commit).

        Each command still stands alone: it runs in a savepoint and, if it raises, only its own writes are undone
        and its exception is its result. Results come back in order once the COMMIT is on disk; if the COMMIT
        fails, nothing of the group is saved, the live state is read again from disk, and the error is raised.
        The web uses this so a room of phones posting at once costs one fsync per burst, not one per phone.
        """
        results: list[T | Exception] = []
        with self._lock:
            if self._group is not None:
                raise RuntimeError("together() does not nest")
            self._group = []
            undo_mark = len(self._undo)
            try:
                with self.store.transaction():
                    for command in commands:
                        try:
                            results.append(command())
                        except Exception as exc:  # noqa: BLE001 - the command's own answer, delivered to it
                            results.append(exc)
            except BaseException:
                del self._undo[undo_mark:]
                self._group = None
                self.state = fold(self.store.read())
                raise
            saved, self._group = self._group, None
        self._notify(saved)
        return results

    def _commit(
        self,
        make: Callable[[SessionState], ev.Event | Change | None],
        client_id: str | None = None,
        *,
        undoable: bool = True,
    ) -> ev.Recorded | None:
        """Check and record one change. ``make`` sees the fresh state and returns the event (or a ``Change`` of
        several), or raises Refused. Returns the (first) event recorded, or the one an earlier call with the same
        client id recorded."""
        if client_id is not None:
            # Text from a phone: drop what SQLite and JSON cannot hold (a lone surrogate) rather than fail.
            client_id = clean_forbidden(client_id).strip()[:100] or None
        seen: list[ev.Recorded] = []
        with self._lock:
            undo_mark = len(self._undo)
            try:
                with self.store.transaction() if self._group is None else self.store.savepoint():
                    seen = self._catch_up()
                    done = self.store.by_client_id(client_id) if client_id is not None else None
                    recorded = self._append(make, client_id, undoable) if done is None else []
            except BaseException:
                # Nothing of ours was saved: no undo step for it; listeners still hear what others wrote.
                del self._undo[undo_mark:]
                self._notify(seen)
                raise
            for rec in recorded:
                apply(self.state, rec)
        self._notify(seen + recorded)
        return done or (recorded[0] if recorded else None)

    def _append(
        self, make: Callable[[SessionState], ev.Event | Change | None], client_id: str | None, undoable: bool
    ) -> list[ev.Recorded]:
        made = make(self.state)
        if made is None:
            return []
        if isinstance(made, Change):
            at = self.clock()
            # The client id marks the first event only: the column is unique, and one id is one request.
            recorded = [
                self.store.append(e, at=at, client_id=client_id if i == 0 else None) for i, e in enumerate(made.events)
            ]
            inverse = made.undo
        else:
            recorded = [self.store.append(made, at=self.clock(), client_id=client_id)]
            inverse = _inverse(self.state, made)
        if undoable and inverse is not None:
            self._undo.append(inverse)
        return recorded

    # -- undo --------------------------------------------------------------------------------------------
    @property
    def can_undo(self) -> str | None:
        """What ``undo`` would take back, in words, or None."""
        return self._undo[-1][0] if self._undo else None

    def undo(self) -> str:
        """Take back the facilitator's last change made in this process (moderation, themes, propositions,
        commitments). Moving through the agenda and votes are not undone: use back, or close the vote."""
        with self._lock:
            if not self._undo:
                raise Refused("there is nothing to undo", code="nothing_to_undo")
            label, events = self._undo[-1]
            self._commit(lambda s: Change(list(events)), undoable=False)
            self._undo.pop()
        return label

    # -- the agenda --------------------------------------------------------------------------------------
    def go_to(self, position: int) -> None:
        def make(s: SessionState) -> ev.Event:
            steps = s.plan.steps()
            if not 0 <= position < len(steps):
                raise Refused(f"the plan has no step {position + 1}", code="no_such_step")
            return ev.ActivityStarted(position=position, activity_id=steps[position][1].id)

        self._commit(make)

    def start(self) -> None:
        """Begin with the first activity (does nothing once started)."""
        if self.state.position is None:
            self.go_to(0)

    def advance(self) -> None:
        """Next activity; from the last one, end the session."""

        def make(s: SessionState) -> ev.Event:
            steps = s.plan.steps()
            if s.ended_at is not None:
                raise Refused("the session has ended", code="session_ended")
            if s.position is None:
                return ev.ActivityStarted(position=0, activity_id=steps[0][1].id)
            if s.position + 1 >= len(steps):
                return ev.SessionEnded()
            return ev.ActivityStarted(position=s.position + 1, activity_id=steps[s.position + 1][1].id)

        self._commit(make)

    def back(self) -> None:
        """Previous activity; after the end, back to the last one."""

        def make(s: SessionState) -> ev.Event:
            steps = s.plan.steps()
            if s.position is None:
                raise Refused("the session has not started yet", code="not_started")
            if s.ended_at is not None:
                return ev.ActivityStarted(position=s.position, activity_id=steps[s.position][1].id)
            if s.position == 0:
                raise Refused("this is the first activity", code="at_start")
            return ev.ActivityStarted(position=s.position - 1, activity_id=steps[s.position - 1][1].id)

        self._commit(make)

    def go_to_phase(self, phase: Phase) -> None:
        steps = self.state.plan.steps()
        for i, (p, _) in enumerate(steps):
            if p == phase:
                self.go_to(i)
                return
        raise Refused(f"the plan has no {phase.value} phase", code="unknown_phase")

    def end(self) -> None:
        def make(s: SessionState) -> ev.Event:
            if s.ended_at is not None:
                raise Refused("the session has already ended", code="session_ended")
            return ev.SessionEnded()

        self._commit(make)

    def update_details(self, **changes: str | list[str]) -> None:
        unknown = set(changes) - EDITABLE_DETAILS
        if unknown:
            raise Refused(f"cannot change {', '.join(sorted(unknown))}", code="bad_field")
        clean_changes: dict[str, str | list[str]] = {}
        for key, value in changes.items():
            if isinstance(value, list):
                clean_changes[key] = [_text(v, key, MAX_SHORT) for v in value if v.strip()]
            else:
                limit = 1000 if key == "affirmative_topic" else MAX_SHORT
                clean_changes[key] = _text(value, key.replace("_", " "), limit, required=key == "title")
        self._commit(lambda s: ev.SessionDetailsChanged(changes=clean_changes))

    # -- participants ------------------------------------------------------------------------------------
    def join(
        self,
        *,
        name: str = "",
        organisation: str = "",
        sector: Sector | str = Sector.OTHER,
        consent_named: bool = False,
        language: str = "en",
        participant_id: str | None = None,
        client_id: str | None = None,
    ) -> Participant:
        if participant_id is not None and not _CLIENT_MADE_ID.match(participant_id):
            raise Refused("a participant id is letters, digits, '-' or '_'", code="bad_participant_id")
        pid = participant_id or new_id("p-")
        event = ev.ParticipantJoined(
            participant_id=pid,
            name=_text(name, "name", MAX_SHORT, required=False),
            organisation=_text(organisation, "organisation", MAX_SHORT, required=False),
            sector=_sector(sector),
            consent_named=bool(consent_named),
            language=_lang(language),
        )

        def make(s: SessionState) -> ev.Event:
            if pid in s.participants:
                raise Refused("this participant has already joined", code="already_joined")
            return event

        joined = _result(self._commit(make, client_id), ev.ParticipantJoined)
        return self.state.participants[joined.participant_id]

    def update_participant(
        self,
        participant_id: str,
        *,
        name: str = "",
        organisation: str = "",
        sector: Sector | str = Sector.OTHER,
        consent_named: bool = False,
        language: str = "en",
    ) -> Participant:
        event = ev.ParticipantUpdated(
            participant_id=participant_id,
            name=_text(name, "name", MAX_SHORT, required=False),
            organisation=_text(organisation, "organisation", MAX_SHORT, required=False),
            sector=_sector(sector),
            consent_named=bool(consent_named),
            language=_lang(language),
        )

        def make(s: SessionState) -> ev.Event:
            _participant(s, participant_id)
            return event

        self._commit(make)
        return self.state.participants[participant_id]

    # -- contributions -----------------------------------------------------------------------------------
    def add_contribution(
        self,
        text: str,
        *,
        source: Source | str = Source.FACILITATOR,
        participant_id: str | None = None,
        sector: Sector | str | None = None,
        phase: Phase | str | None = None,
        language: str | None = None,
        client_id: str | None = None,
        activity_id: str | None = None,
    ) -> Contribution:
        """Record a story, strength, wish, dream... in the current activity (or the first activity of ``phase``).

        ``activity_id`` is the activity the writer saw (a phone's form): if the facilitator has moved on since,
        the text is refused rather than filed under a question its author never read.
        """
        body = _text(text, "contribution")
        src = Source(source)
        wanted_phase = _phase(phase) if phase is not None else None
        cid = new_id("c-")

        def make(s: SessionState) -> ev.Event:
            participant = _participant(s, participant_id) if participant_id else None
            if src == Source.PARTICIPANT and participant is None:
                raise Refused("a participant's contribution needs the participant", code="unknown_participant")
            if wanted_phase is not None and wanted_phase != s.current_phase:
                found = next(((p, a) for p, a in s.plan.steps() if p == wanted_phase), None)
                if found is None:
                    raise Refused(f"the plan has no {wanted_phase.value} phase", code="unknown_phase")
                ph, act = found
            elif s.current is not None:
                ph, act = s.current
            else:
                raise Refused(
                    "no activity is running (start the session, or name a phase)",
                    code="not_started" if s.ended_at is None else "session_ended",
                )
            if activity_id is not None and act.id != activity_id:
                raise Refused("the facilitator has moved on from that activity", code="activity_closed")
            if src == Source.PARTICIPANT:
                if s.current is None or act.id != s.current[1].id or act.collects == Collects.NOTHING:
                    raise Refused("this activity is not collecting contributions now", code="activity_closed")
            return ev.ContributionAdded(
                contribution_id=cid,
                text=body,
                phase=ph,
                activity_id=act.id,
                collects=act.collects if act.collects != Collects.NOTHING else Collects.STORIES,
                source=src,
                participant_id=participant.id if participant else None,
                sector=_sector(sector) if sector is not None else (participant.sector if participant else Sector.OTHER),
                language=_lang(language) if language else (participant.language if participant else s.info.language),
            )

        added = _result(self._commit(make, client_id, undoable=src == Source.FACILITATOR), ev.ContributionAdded)
        return self.state.contributions[added.contribution_id]

    def _own_open_contribution(self, s: SessionState, contribution_id: str, participant_id: str | None) -> None:
        c = s.contributions.get(contribution_id)
        if c is None:
            raise NotFound(f"no contribution {contribution_id!r}", code="unknown_contribution")
        if participant_id is not None:
            if c.participant_id != participant_id:
                raise NotFound(f"no contribution {contribution_id!r}", code="unknown_contribution")
            if s.current_activity is None or s.current_activity.id != c.activity_id:
                raise Refused("that activity is closed; your contribution can no longer change", code="activity_closed")
            if c.hidden:
                raise Refused("you have withdrawn this contribution", code="withdrawn")

    def edit_contribution(
        self, contribution_id: str, text: str, *, by_participant: str | None = None, client_id: str | None = None
    ) -> Contribution:
        body = _text(text, "contribution")

        def make(s: SessionState) -> ev.Event | None:
            self._own_open_contribution(s, contribution_id, by_participant)
            if s.contributions[contribution_id].text == body:
                return None
            return ev.ContributionEdited(contribution_id=contribution_id, text=body)

        rec = self._commit(make, client_id, undoable=by_participant is None)
        if rec is not None and not (
            isinstance(rec.event, ev.ContributionEdited) and rec.event.contribution_id == contribution_id
        ):
            raise Refused("this request id was already used for something else", code="client_id_reused")
        return self.state.contributions[contribution_id]

    def hide_contribution(
        self, contribution_id: str, hidden: bool = True, *, by_participant: str | None = None
    ) -> Contribution:
        """Hide (facilitator) or withdraw (its author). Kept in the log, left out of the minutes."""

        def make(s: SessionState) -> ev.Event | None:
            self._own_open_contribution(s, contribution_id, by_participant)
            if s.contributions[contribution_id].hidden == hidden:
                return None
            return ev.ContributionHidden(contribution_id=contribution_id, hidden=hidden)

        self._commit(make, undoable=by_participant is None)
        return self.state.contributions[contribution_id]

    # -- themes ------------------------------------------------------------------------------------------
    def create_theme(self, name: str, *, phase: Phase | str | None = None) -> Theme:
        label = _text(name, "theme name", MAX_SHORT)
        tid = new_id("t-")

        def make(s: SessionState) -> ev.Event:
            ph = _phase(phase) if phase is not None else (s.current_phase or Phase.DISCOVER)
            _unique_theme_name(s, label, ph)
            return ev.ThemeCreated(theme_id=tid, name=label, phase=ph)

        self._commit(make)
        return self.state.themes[tid]

    def rename_theme(self, theme_id: str, name: str) -> Theme:
        label = _text(name, "theme name", MAX_SHORT)

        def make(s: SessionState) -> ev.Event | None:
            theme = _theme(s, theme_id)
            if theme.name == label:
                return None
            _unique_theme_name(s, label, theme.phase, but=theme_id)
            return ev.ThemeRenamed(theme_id=theme_id, name=label)

        self._commit(make)
        return self.state.themes[theme_id]

    def merge_themes(self, source_id: str, target_id: str) -> Theme:
        def make(s: SessionState) -> ev.Event:
            if source_id == target_id:
                raise Refused("a theme cannot be merged into itself", code="merge_self")
            _theme(s, source_id)
            _theme(s, target_id)
            return ev.ThemesMerged(source_id=source_id, target_id=target_id)

        self._commit(make)
        return self.state.themes[target_id]

    def split_theme(self, theme_id: str, contribution_ids: Iterable[str], name: str) -> Theme:
        """A new theme (same phase) made of some of a theme's contributions; one change, so one undo takes it back."""
        label = _text(name, "theme name", MAX_SHORT)
        picked = list(dict.fromkeys(contribution_ids))
        tid = new_id("t-")

        def make(s: SessionState) -> Change:
            source = _theme(s, theme_id)
            if not picked:
                raise Refused("pick the contributions that make the new theme", code="nothing_picked")
            for cid in picked:
                c = s.contributions.get(cid)
                if c is None or c.theme_id != theme_id:
                    raise NotFound(f"no contribution {cid!r} in the theme {source.name!r}", code="not_in_theme")
                if c.hidden:
                    raise Refused("a hidden contribution cannot join a theme", code="hidden")
            _unique_theme_name(s, label, source.phase)
            made: list[ev.Event] = [ev.ThemeCreated(theme_id=tid, name=label, phase=source.phase)]
            made += [ev.ContributionAssigned(contribution_id=cid, theme_id=tid) for cid in picked]
            back: list[ev.Event] = [ev.ContributionAssigned(contribution_id=cid, theme_id=theme_id) for cid in picked]
            return Change(made, (f"splitting the theme {source.name!r}", [*back, ev.ThemeRemoved(theme_id=tid)]))

        self._commit(make)
        return self.state.themes[tid]

    def assign(self, contribution_id: str, theme_id: str | None) -> Contribution:
        """Put a contribution in a theme (``None`` takes it out)."""

        def make(s: SessionState) -> ev.Event | None:
            c = s.contributions.get(contribution_id)
            if c is None:
                raise NotFound(f"no contribution {contribution_id!r}", code="unknown_contribution")
            if c.hidden and theme_id is not None:
                raise Refused("a hidden contribution cannot join a theme", code="hidden")
            if theme_id is not None:
                _theme(s, theme_id)
            if c.theme_id == theme_id:
                return None
            return ev.ContributionAssigned(contribution_id=contribution_id, theme_id=theme_id)

        self._commit(make)
        return self.state.contributions[contribution_id]

    # -- propositions ------------------------------------------------------------------------------------
    def add_proposition(
        self,
        text: str,
        *,
        theme_ids: Iterable[str] = (),
        source: Source | str = Source.FACILITATOR,
        participant_id: str | None = None,
        client_id: str | None = None,
    ) -> Proposition:
        body = _text(text, "proposition", 2000)
        themes = list(dict.fromkeys(theme_ids))
        pid = new_id("pr-")

        def make(s: SessionState) -> ev.Event:
            for t in themes:
                _theme(s, t)
            if participant_id:
                _participant(s, participant_id)
            return ev.PropositionAdded(
                proposition_id=pid, text=body, theme_ids=themes, source=Source(source), participant_id=participant_id
            )

        added = _result(self._commit(make, client_id, undoable=participant_id is None), ev.PropositionAdded)
        return self.state.propositions[added.proposition_id]

    def edit_proposition(
        self, proposition_id: str, text: str, *, theme_ids: Iterable[str] | None = None
    ) -> Proposition:
        body = _text(text, "proposition", 2000)

        def make(s: SessionState) -> ev.Event:
            prop = s.propositions.get(proposition_id)
            if prop is None:
                raise NotFound(f"no proposition {proposition_id!r}", code="unknown_proposition")
            themes = list(dict.fromkeys(theme_ids)) if theme_ids is not None else prop.theme_ids
            for t in themes:
                _theme(s, t)
            return ev.PropositionEdited(proposition_id=proposition_id, text=body, theme_ids=themes)

        self._commit(make)
        return self.state.propositions[proposition_id]

    def hide_proposition(self, proposition_id: str, hidden: bool = True) -> Proposition:
        def make(s: SessionState) -> ev.Event:
            if proposition_id not in s.propositions:
                raise NotFound(f"no proposition {proposition_id!r}", code="unknown_proposition")
            return ev.PropositionHidden(proposition_id=proposition_id, hidden=hidden)

        self._commit(make)
        return self.state.propositions[proposition_id]

    # -- dot-votes ---------------------------------------------------------------------------------------
    def open_vote(
        self,
        options: Iterable[tuple[str, str | None]],
        *,
        dots: int = 3,
        title: str = "",
        phase: Phase | str | None = None,
    ) -> VoteRound:
        """Open a dot-vote on ``(label, ref)`` options; only one round may be open at a time."""
        opts = [(_text(label, "option", MAX_SHORT), ref) for label, ref in options]
        if not opts:
            raise Refused("a vote needs at least one option", code="no_options")
        if len(opts) > MAX_OPTIONS:
            raise Refused(f"a vote can have at most {MAX_OPTIONS} options", code="too_many_options")
        if not 1 <= dots <= MAX_DOTS:
            raise Refused(f"dots per participant must be between 1 and {MAX_DOTS}", code="bad_dots")
        vid = new_id("v-")

        def make(s: SessionState) -> ev.Event:
            if s.open_vote is not None:
                raise Refused(f"the vote {s.open_vote.title!r} is still open; close it first", code="vote_open")
            ph = _phase(phase) if phase is not None else (s.current_phase or Phase.DESIGN)
            return ev.VoteOpened(
                vote_id=vid,
                title=_text(title, "title", MAX_SHORT, required=False) or "Dot-vote",
                phase=ph,
                options=[VoteOption(id=f"o{i + 1}", label=label, ref=ref) for i, (label, ref) in enumerate(opts)],
                dots=dots,
            )

        self._commit(make)
        return self.state.votes[vid]

    def open_vote_on_propositions(self, *, dots: int = 3, title: str = "") -> VoteRound:
        props = [p for p in self.state.propositions.values() if not p.hidden]
        return self.open_vote([(p.text[:MAX_SHORT], p.id) for p in props], dots=dots, title=title)

    def open_vote_on_themes(self, phase: Phase | str, *, dots: int = 3, title: str = "") -> VoteRound:
        themes = self.state.live_themes(_phase(phase))
        return self.open_vote([(t.name, t.id) for t in themes], dots=dots, title=title, phase=phase)

    def cast(
        self, vote_id: str, participant_id: str, dots: dict[str, int], *, client_id: str | None = None
    ) -> dict[str, int]:
        """A participant's dots on a vote; a new ballot replaces their earlier one."""

        def make(s: SessionState) -> ev.Event:
            vote = s.votes.get(vote_id)
            if vote is None:
                raise NotFound(f"no vote {vote_id!r}", code="unknown_vote")
            if not vote.is_open:
                raise Refused("this vote is closed", code="vote_closed")
            _participant(s, participant_id)
            known = {o.id for o in vote.options}
            for option_id, n in dots.items():
                if option_id not in known:
                    raise Refused(f"no option {option_id!r} in this vote", code="unknown_option")
                if not isinstance(n, int) or n < 0:
                    raise Refused("dots must be whole numbers, zero or more", code="bad_dots")
            total = sum(dots.values())
            if total > vote.dots:
                raise Refused(
                    f"{total} dots is more than the {vote.dots} each person has",
                    code="allowance_exceeded",
                    allowed=vote.dots,
                    used=total,
                )
            if total == 0:
                raise Refused("place at least one dot", code="no_dots")
            return ev.BallotCast(vote_id=vote_id, participant_id=participant_id, dots=dict(dots))

        ballot = _result(self._commit(make, client_id), ev.BallotCast)
        if (ballot.vote_id, ballot.participant_id) != (vote_id, participant_id):
            # The id came with a ballot on another vote (or by someone else): not a retry of this one.
            raise Refused("this request id was already used for something else", code="client_id_reused")
        return self.state.votes[vote_id].ballots.get(participant_id, {})

    def close_vote(self, vote_id: str | None = None) -> list[tuple[VoteOption, int]]:
        """Close a round (the open one by default) and return its ranking."""

        def make(s: SessionState) -> ev.Event:
            vid = vote_id or (s.open_vote.id if s.open_vote else None)
            if vid is None:
                raise Refused("no vote is open", code="no_open_vote")
            vote = s.votes.get(vid)
            if vote is None:
                raise NotFound(f"no vote {vid!r}", code="unknown_vote")
            if not vote.is_open:
                raise Refused("this vote is already closed", code="vote_closed")
            return ev.VoteClosed(vote_id=vid)

        closed = _result(self._commit(make), ev.VoteClosed)
        return self.state.votes[closed.vote_id].tally()

    # -- commitments -------------------------------------------------------------------------------------
    def _commitment_fields(
        self,
        what: str,
        who: str,
        by_when: date | str | None,
        first_step: str,
        support_needed: str,
        kept: date | None = None,
    ) -> dict[str, Any]:
        """``kept``: the date an edited commitment already has; it stays valid once it has passed (the minutes
        are often tidied the day after), while a newly typed date must not be in the past."""
        unchanged = kept is not None and (by_when == kept or by_when == kept.isoformat())
        return {
            "what": _text(what, "commitment (what)", 2000),
            "who": _text(who, "who", MAX_SHORT, required=False),
            "by_when": kept if unchanged else _date(by_when, self.clock().date()),
            "first_step": _text(first_step, "first step", 2000, required=False),
            "support_needed": _text(support_needed, "support needed", 2000, required=False),
        }

    def add_commitment(
        self,
        what: str,
        *,
        who: str = "",
        by_when: date | str | None = None,
        first_step: str = "",
        support_needed: str = "",
        source: Source | str = Source.FACILITATOR,
        participant_id: str | None = None,
        client_id: str | None = None,
    ) -> Commitment:
        fields = self._commitment_fields(what, who, by_when, first_step, support_needed)
        cid = new_id("k-")

        def make(s: SessionState) -> ev.Event:
            src = Source(source)
            if participant_id:
                p = _participant(s, participant_id)
                # Their own commitment: they are the owner, but only named where they agreed to be named.
                if not fields["who"] and p.consent_named:
                    fields["who"] = p.name
            if src == Source.PARTICIPANT and s.current_phase != Phase.DESTINY:
                raise Refused("commitments are made in the Destiny phase", code="activity_closed")
            return ev.CommitmentAdded(commitment_id=cid, source=src, participant_id=participant_id, **fields)

        added = _result(
            self._commit(make, client_id, undoable=Source(source) == Source.FACILITATOR), ev.CommitmentAdded
        )
        return self.state.commitments[added.commitment_id]

    def edit_commitment(
        self,
        commitment_id: str,
        *,
        what: str,
        who: str = "",
        by_when: date | str | None = None,
        first_step: str = "",
        support_needed: str = "",
    ) -> Commitment:
        existing = self.state.commitments.get(commitment_id)
        kept = existing.by_when if existing else None
        fields = self._commitment_fields(what, who, by_when, first_step, support_needed, kept)

        def make(s: SessionState) -> ev.Event:
            if commitment_id not in s.commitments:
                raise NotFound(f"no commitment {commitment_id!r}", code="unknown_commitment")
            return ev.CommitmentEdited(commitment_id=commitment_id, **fields)

        self._commit(make)
        return self.state.commitments[commitment_id]

    def hide_commitment(
        self, commitment_id: str, hidden: bool = True, *, by_participant: str | None = None
    ) -> Commitment:
        """Hide (facilitator) or withdraw (its author, from the phone). Kept in the log, left out of the minutes.

        A participant may withdraw only their own commitment (anyone else's is "not found", so ids reveal
        nothing), and only while the Destiny phase is current: after that the group has heard it and the
        facilitator decides.
        """

        def make(s: SessionState) -> ev.Event:
            k = s.commitments.get(commitment_id)
            if k is None or (by_participant is not None and k.participant_id != by_participant):
                raise NotFound(f"no commitment {commitment_id!r}", code="unknown_commitment")
            if by_participant is not None:
                if s.ended_at is not None or s.current_phase != Phase.DESTINY:
                    raise Refused("commitments can be withdrawn only in the Destiny phase", code="activity_closed")
                if k.hidden:
                    raise Refused("you have withdrawn this commitment", code="withdrawn")
            return ev.CommitmentHidden(commitment_id=commitment_id, hidden=hidden)

        self._commit(make, undoable=by_participant is None)
        return self.state.commitments[commitment_id]

    # -- reading -----------------------------------------------------------------------------------------
    def records(self) -> list[ev.Recorded]:
        """The whole log, for export and the agenda as it ran."""
        return self.store.read()


def _inverse(s: SessionState, e: ev.Event) -> tuple[str, list[ev.Event]] | None:  # noqa: C901 - a table
    """The events that take back ``e``, computed from the state just before ``e`` is applied."""
    match e:
        case ev.ContributionAdded():
            return ("adding a contribution", [ev.ContributionHidden(contribution_id=e.contribution_id)])
        case ev.ContributionEdited():
            old = s.contributions[e.contribution_id].text
            return ("editing a contribution", [ev.ContributionEdited(contribution_id=e.contribution_id, text=old)])
        case ev.ContributionHidden():
            return (
                "hiding a contribution" if e.hidden else "showing a contribution",
                [ev.ContributionHidden(contribution_id=e.contribution_id, hidden=not e.hidden)],
            )
        case ev.ThemeCreated():
            return (f"creating the theme {e.name!r}", [ev.ThemeRemoved(theme_id=e.theme_id)])
        case ev.ThemeRenamed():
            old = s.themes[e.theme_id].name
            return (f"renaming the theme {old!r}", [ev.ThemeRenamed(theme_id=e.theme_id, name=old)])
        case ev.ThemesMerged():
            members = [c.id for c in s.contributions.values() if c.theme_id == e.source_id]
            back: list[ev.Event] = [ev.ThemeRestored(theme_id=e.source_id)]
            back += [ev.ContributionAssigned(contribution_id=c, theme_id=e.source_id) for c in members]
            props = [p for p in s.propositions.values() if e.source_id in p.theme_ids]
            back += [ev.PropositionEdited(proposition_id=p.id, text=p.text, theme_ids=p.theme_ids) for p in props]
            return (f"merging the theme {s.themes[e.source_id].name!r}", back)
        case ev.ContributionAssigned():
            old_theme = s.contributions[e.contribution_id].theme_id
            return (
                "moving a contribution",
                [ev.ContributionAssigned(contribution_id=e.contribution_id, theme_id=old_theme)],
            )
        case ev.PropositionAdded():
            return ("adding a proposition", [ev.PropositionHidden(proposition_id=e.proposition_id)])
        case ev.PropositionEdited():
            p = s.propositions[e.proposition_id]
            return (
                "editing a proposition",
                [ev.PropositionEdited(proposition_id=p.id, text=p.text, theme_ids=list(p.theme_ids))],
            )
        case ev.PropositionHidden():
            return (
                "hiding a proposition",
                [ev.PropositionHidden(proposition_id=e.proposition_id, hidden=not e.hidden)],
            )
        case ev.CommitmentAdded():
            return ("adding a commitment", [ev.CommitmentHidden(commitment_id=e.commitment_id)])
        case ev.CommitmentEdited():
            k = s.commitments[e.commitment_id]
            return (
                "editing a commitment",
                [
                    ev.CommitmentEdited(
                        commitment_id=k.id,
                        what=k.what,
                        who=k.who,
                        by_when=k.by_when,
                        first_step=k.first_step,
                        support_needed=k.support_needed,
                    )
                ],
            )
        case ev.CommitmentHidden():
            return (
                "hiding a commitment",
                [ev.CommitmentHidden(commitment_id=e.commitment_id, hidden=not e.hidden)],
            )
    return None


# -- small checks shared by the commands -------------------------------------------------------------------
def _result(rec: ev.Recorded | None, kind: type[E]) -> E:
    """The event a command made, or the one an earlier call with the same client id made."""
    if rec is None or not isinstance(rec.event, kind):
        raise Refused("this request id was already used for something else", code="client_id_reused")
    return rec.event


def _sector(value: Sector | str) -> Sector:
    try:
        return Sector(value)
    except ValueError:
        raise Refused(
            f"unknown sector {value!r}; use one of {', '.join(s.value for s in Sector)}", code="bad_sector"
        ) from None


def _phase(value: Phase | str) -> Phase:
    try:
        return Phase(value)
    except ValueError:
        raise Refused(
            f"unknown phase {value!r}; use one of {', '.join(p.value for p in Phase)}", code="unknown_phase"
        ) from None


def _participant(s: SessionState, participant_id: str | None) -> Participant:
    p = s.participants.get(participant_id or "")
    if p is None:
        raise NotFound(f"no participant {participant_id!r}", code="unknown_participant")
    return p


def _theme(s: SessionState, theme_id: str) -> Theme:
    t = s.themes.get(theme_id)
    if t is None or not t.live:
        raise NotFound(f"no theme {theme_id!r}", code="unknown_theme")
    return t


def _unique_theme_name(s: SessionState, name: str, phase: Phase, but: str | None = None) -> None:
    for t in s.live_themes(phase):
        if t.id != but and t.name.casefold() == name.casefold():
            raise Refused(f"there is already a theme called {t.name!r}", code="duplicate_theme")


def _date(value: date | str | None, today: date) -> date | None:
    if value is None or value == "":
        return None
    if isinstance(value, str):
        try:
            value = date.fromisoformat(value.strip())
        except ValueError:
            raise Refused(f"{value!r} is not a date; write it as YYYY-MM-DD", code="bad_date") from None
    if value < today:
        raise Refused(f"{value.isoformat()} is in the past", code="date_in_past")
    return value
