"""The service: one open session, and the only way to change it.

Every command takes the write lock of the database, catches up with events other processes wrote, asks a decision
(``decisions/``) against that fresh state, appends what it returns, applies it, and tells the listeners
(``recording.Recorder``). A refused command raises ``Refused`` (or ``NotFound``) with a ``Code`` and changes nothing.
The methods here are thin: input is cleaned by ``checks``, the rules live in ``decisions``.

Commands that carry a ``client_id`` (phones on bad Wi-Fi retry) are idempotent: the second call finds the event
the first one made and returns the same result.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import date

from ai_toolkit.errors import Code, Refused
from ai_toolkit.facilitation import checks
from ai_toolkit.facilitation.consent import ConsentCommands
from ai_toolkit.facilitation.decisions import agenda, commitments, contributions, participants, propositions, themes
from ai_toolkit.facilitation.decisions import votes as voting
from ai_toolkit.facilitation.decisions.retention import checked_keep_until
from ai_toolkit.facilitation.recording import Clock, result, utcnow
from ai_toolkit.facilitation.removal import RemovalCommands
from ai_toolkit.facilitation.wall_commands import WallCommands
from ai_toolkit.model import events as ev
from ai_toolkit.model.enums import Phase, Sector, Source, Teller
from ai_toolkit.model.session import (
    Commitment,
    Contribution,
    Participant,
    Proposition,
    SessionState,
    Theme,
    VoteOption,
    VoteRound,
)

__all__ = ["Clock", "Facilitation", "utcnow"]


class Facilitation(ConsentCommands, WallCommands, RemovalCommands):
    """The commands of running one Appreciative Inquiry session (withdrawals and paper counts: ``consent.py``; the
    wall's moderation: ``wall_commands.py``; photos: ``photo_commands.py``).

    ``state`` is one object for the life of the service: widgets may keep it, and always see the session as it is.
    """

    # -- the agenda --------------------------------------------------------------------------------------
    def go_to(self, position: int) -> None:
        self._commit(lambda s: agenda.go_to(s, position))

    def start(self) -> None:
        """Begin with the first activity (does nothing once started)."""
        self._commit(agenda.start)

    def advance(self) -> None:
        """Next activity; from the last one, end the session."""
        self._commit(agenda.advance)

    def back(self) -> None:
        """Previous activity; after the end, back to the last one."""
        self._commit(agenda.back)

    def go_to_phase(self, phase: Phase | str) -> None:
        wanted = checks.phase(phase)
        self._commit(lambda s: agenda.go_to_phase(s, wanted))

    def end(self) -> None:
        self._commit(agenda.end)

    def agree_topic(self, text: str) -> str:
        """The wording of the affirmative topic the group agreed (Define); the minutes print it as agreed."""
        wording = checks.text(text, "affirmative topic", checks.MAX_TOPIC)
        self._commit(lambda s: agenda.agree_topic(s, wording))
        return self.state.info.affirmative_topic

    def set_follow_up(self, on: date | str | None = None, place: str = "") -> None:
        """When (YYYY-MM-DD) and where the group meets again; both empty takes the follow-up away."""
        where = checks.short(place, "place")
        self._commit(lambda s: agenda.follow_up(s, on, where, today=self.clock().date()))

    def update_details(self, **changes: str | list[str]) -> None:
        cleaned: dict[str, str | list[str]] = {}
        for key, value in changes.items():
            if key == "keep_until" and isinstance(value, str):
                today = self.clock().date()
                cleaned[key] = checked_keep_until(value.strip(), self.state.info.date, today).isoformat()
            elif isinstance(value, list):
                cleaned[key] = [checks.short(v, key, required=True) for v in value if v.strip()]
            else:
                limit = checks.MAX_TOPIC if key == "affirmative_topic" else checks.MAX_SHORT
                cleaned[key] = checks.text(value, key.replace("_", " "), limit, required=key == "title")
        self._commit(lambda s: agenda.details(cleaned))

    # -- participants ------------------------------------------------------------------------------------
    def join(
        self,
        *,
        name: str = "",
        organisation: str = "",
        sector: str = Sector.OTHER,
        consent_named: bool = False,
        consent_organisation: bool = False,
        language: str = "en",
        participant_id: str | None = None,
        client_id: str | None = None,
    ) -> Participant:
        pid = checks.client_made_id(participant_id) if participant_id is not None else checks.new_id("participant")
        joined = ev.ParticipantJoined(
            participant_id=pid,
            name=checks.short(name, "name"),
            organisation=checks.short(organisation, "organisation"),
            sector=checks.sector(sector),
            consent_named=bool(consent_named),
            consent_organisation=bool(consent_organisation),
            language=checks.language(language),
        )
        made = result(
            self._commit(
                lambda s: participants.join(s, joined),
                client_id,
                # A fresh id is made for each call without one: it is not part of what was asked.
                request=("join", participant_id, joined.model_copy(update={"participant_id": ""})),
            ),
            ev.ParticipantJoined,
        )
        return self.state.participants[made.participant_id]

    def update_participant(
        self,
        participant_id: str,
        *,
        name: str = "",
        organisation: str = "",
        sector: str = Sector.OTHER,
        consent_named: bool = False,
        consent_organisation: bool = False,
        language: str = "en",
    ) -> Participant:
        updated = ev.ParticipantUpdated(
            participant_id=participant_id,
            name=checks.short(name, "name"),
            organisation=checks.short(organisation, "organisation"),
            sector=checks.sector(sector),
            consent_named=bool(consent_named),
            consent_organisation=bool(consent_organisation),
            language=checks.language(language),
        )
        self._commit(lambda s: participants.update(s, updated))
        return self.state.participants[participant_id]

    # -- contributions -----------------------------------------------------------------------------------
    def add_contribution(
        self,
        text: str,
        *,
        source: Source | str = Source.FACILITATOR,
        participant_id: str | None = None,
        sector: str | None = None,
        phase: Phase | str | None = None,
        language: str | None = None,
        client_id: str | None = None,
        activity_id: str | None = None,
        told_by: Teller | str = Teller.OWN,
    ) -> Contribution:
        """Record a story, strength, wish, dream... in the current activity (or the first activity of ``phase``).

        ``activity_id`` is the activity the writer saw (a phone's form): if the facilitator has moved on since,
        the text is refused rather than filed under a question its author never read. A partner's story
        (``told_by="partner"``) needs the storyteller's ``sector``.
        """
        body = checks.text(text, "contribution")
        src = Source(source)
        wanted_phase = checks.phase(phase) if phase is not None else None
        wanted_sector = checks.sector(sector) if sector is not None else None
        lang = checks.language(language) if language else None
        teller = checks.teller(told_by)
        cid = checks.new_id("contribution")
        rec = self._commit(
            lambda s: contributions.add(
                s,
                contribution_id=cid,
                text=body,
                source=src,
                participant_id=participant_id,
                sector=wanted_sector,
                phase=wanted_phase,
                language=lang,
                activity_id=activity_id,
                told_by=teller,
            ),
            client_id,
            undoable=src == Source.FACILITATOR,
            request=("contribution", body, src, participant_id, wanted_sector, wanted_phase, lang, activity_id),
        )
        return self.state.contributions[result(rec, ev.ContributionAdded).contribution_id]

    def edit_contribution(
        self, contribution_id: str, text: str, *, by_participant: str | None = None, client_id: str | None = None
    ) -> Contribution:
        body = checks.text(text, "contribution")
        rec = self._commit(
            lambda s: contributions.edit(s, contribution_id, body, by_participant=by_participant),
            client_id,
            undoable=by_participant is None,
            request=("edit", contribution_id, body, by_participant),
        )
        if rec is not None and not (
            isinstance(rec.event, ev.ContributionEdited) and rec.event.contribution_id == contribution_id
        ):
            raise Refused("this request id was already used for something else", code=Code.CLIENT_ID_REUSED)
        return self.state.contributions[contribution_id]

    def hide_contribution(self, contribution_id: str, hidden: bool = True) -> Contribution:
        """Hide (or show again): the facilitator's moderation, kept in the log and left out of the minutes. Its
        author withdraws with ``withdraw_contribution``."""
        self._commit(lambda s: contributions.hide(s, contribution_id, hidden))
        return self.state.contributions[contribution_id]

    # -- themes ------------------------------------------------------------------------------------------
    def create_theme(self, name: str, *, phase: Phase | str | None = None) -> Theme:
        label = checks.short(name, "theme name", required=True)
        wanted = checks.phase(phase) if phase is not None else None
        tid = checks.new_id("theme")
        self._commit(lambda s: themes.create(s, tid, label, wanted))
        return self.state.themes[tid]

    def rename_theme(self, theme_id: str, name: str) -> Theme:
        label = checks.short(name, "theme name", required=True)
        self._commit(lambda s: themes.rename(s, theme_id, label))
        return self.state.themes[theme_id]

    def merge_themes(self, source_id: str, target_id: str) -> Theme:
        self._commit(lambda s: themes.merge(s, source_id, target_id))
        return self.state.themes[target_id]

    def split_theme(self, theme_id: str, contribution_ids: Iterable[str], name: str) -> Theme:
        """A new theme (same phase) made of some of a theme's contributions; one change, so one undo takes it back."""
        label = checks.short(name, "theme name", required=True)
        picked = list(dict.fromkeys(contribution_ids))
        tid = checks.new_id("theme")
        self._commit(lambda s: themes.split(s, theme_id, tid, picked, label))
        return self.state.themes[tid]

    def assign(self, contribution_id: str, theme_id: str | None) -> Contribution:
        """Put a contribution in a theme (``None`` takes it out)."""
        self._commit(lambda s: themes.assign(s, contribution_id, theme_id))
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
        body = checks.text(text, "proposition", checks.MAX_LONG)
        linked = list(dict.fromkeys(theme_ids))
        src = Source(source)
        pid = checks.new_id("proposition")
        rec = self._commit(
            lambda s: propositions.add(s, pid, body, linked, src, participant_id),
            client_id,
            undoable=participant_id is None,
            request=("proposition", body, tuple(linked), src, participant_id),
        )
        return self.state.propositions[result(rec, ev.PropositionAdded).proposition_id]

    def edit_proposition(
        self, proposition_id: str, text: str, *, theme_ids: Iterable[str] | None = None
    ) -> Proposition:
        body = checks.text(text, "proposition", checks.MAX_LONG)
        linked = list(dict.fromkeys(theme_ids)) if theme_ids is not None else None
        self._commit(lambda s: propositions.edit(s, proposition_id, body, linked))
        return self.state.propositions[proposition_id]

    def hide_proposition(self, proposition_id: str, hidden: bool = True) -> Proposition:
        self._commit(lambda s: propositions.hide(s, proposition_id, hidden))
        return self.state.propositions[proposition_id]

    def take_up(self, contribution_id: str, *, text: str | None = None, theme_ids: Iterable[str] = ()) -> Proposition:
        """A statement sent in a propositions activity becomes a proposition: as written, or as ``text``."""
        body = checks.text(text, "proposition", checks.MAX_LONG) if text is not None else None
        linked = list(dict.fromkeys(theme_ids))
        pid = checks.new_id("proposition")
        self._commit(lambda s: propositions.take_up(s, contribution_id, pid, text=body, theme_ids=linked))
        return self.state.propositions[pid]

    def merge_candidate(self, contribution_id: str, proposition_id: str) -> Proposition:
        """A statement that says what a proposition already says joins it."""
        self._commit(lambda s: propositions.merge_candidate(s, contribution_id, proposition_id))
        return self.state.propositions[proposition_id]

    # -- dot-votes ---------------------------------------------------------------------------------------
    def open_vote(
        self,
        options: Iterable[tuple[str, str | None]],
        *,
        dots: int = 3,
        title: str = "",
        phase: Phase | str | None = None,
        show_live: bool = False,
    ) -> VoteRound:
        """Open a dot-vote on ``(label, ref)`` options; only one round may be open at a time. The room sees the
        dots when it closes, or as they arrive with ``show_live``."""
        opts = [(checks.short(label, "option", required=True), ref) for label, ref in options]
        voting.check_shape(opts, dots)
        return self._open_vote(lambda s: opts, dots=dots, title=title, phase=phase, show_live=show_live)

    def open_vote_on_propositions(self, *, dots: int = 3, title: str = "", show_live: bool = False) -> VoteRound:
        return self._open_vote(voting.on_propositions, dots=dots, title=title, phase=None, show_live=show_live)

    def open_vote_on_themes(
        self, phase: Phase | str, *, dots: int = 3, title: str = "", show_live: bool = False
    ) -> VoteRound:
        wanted = checks.phase(phase)
        return self._open_vote(
            lambda s: voting.on_themes(s, wanted), dots=dots, title=title, phase=wanted, show_live=show_live
        )

    def _open_vote(
        self,
        options: Callable[[SessionState], list[voting.Option]],
        *,
        dots: int,
        title: str,
        phase: Phase | str | None,
        show_live: bool = False,
    ) -> VoteRound:
        heading = checks.short(title, "title")
        wanted = checks.phase(phase) if phase is not None else None
        vid = checks.new_id("vote")
        live = bool(show_live)
        self._commit(
            lambda s: voting.open_round(s, vid, options(s), dots=dots, title=heading, phase=wanted, show_live=live)
        )
        return self.state.votes[vid]

    def cast(
        self, vote_id: str, participant_id: str, dots: dict[str, int], *, client_id: str | None = None
    ) -> dict[str, int]:
        """A participant's dots on a vote; a new ballot replaces their earlier one."""
        asked = ("ballot", vote_id, participant_id, tuple(sorted(dots.items())))
        ballot = result(
            self._commit(lambda s: voting.cast(s, vote_id, participant_id, dots), client_id, request=asked),
            ev.BallotCast,
        )
        if (ballot.vote_id, ballot.participant_id) != (vote_id, participant_id):
            # The id came with a ballot on another vote (or by someone else): not a retry of this one.
            raise Refused("this request id was already used for something else", code=Code.CLIENT_ID_REUSED)
        return self.state.votes[vote_id].ballots.get(participant_id, {})

    def close_vote(self, vote_id: str | None = None) -> list[tuple[VoteOption, int]]:
        """Close a round (the open one by default) and return its ranking."""
        closed = result(self._commit(lambda s: voting.close(s, vote_id)), ev.VoteClosed)
        return self.state.votes[closed.vote_id].tally()

    # -- commitments -------------------------------------------------------------------------------------
    def add_commitment(
        self,
        what: str,
        *,
        who: str = "",
        by_when: date | str | None = None,
        first_step: str = "",
        support_needed: str = "",
        team: str = "",
        proposition_id: str | None = None,
        source: Source | str = Source.FACILITATOR,
        participant_id: str | None = None,
        client_id: str | None = None,
    ) -> Commitment:
        """``who`` names one or more people, ``team`` an action team; ``proposition_id`` the proposition it serves."""
        fields = _commitment_fields(what, who, by_when, first_step, support_needed, team, proposition_id)
        src = Source(source)
        kid = checks.new_id("commitment")
        rec = self._commit(
            lambda s: commitments.add(
                s, kid, fields, source=src, participant_id=participant_id, today=self.clock().date()
            ),
            client_id,
            undoable=src == Source.FACILITATOR,
            request=("commitment", fields, src, participant_id),
        )
        return self.state.commitments[result(rec, ev.CommitmentAdded).commitment_id]

    def edit_commitment(
        self,
        commitment_id: str,
        *,
        what: str,
        who: str = "",
        by_when: date | str | None = None,
        first_step: str = "",
        support_needed: str = "",
        team: str | commitments.Keep = commitments.KEEP,
        proposition_id: str | None | commitments.Keep = commitments.KEEP,
    ) -> Commitment:
        """Every field as given; the team and the proposition stay as they are unless given (None: no proposition)."""
        fields = _commitment_fields(what, who, by_when, first_step, support_needed, team, proposition_id)
        self._commit(lambda s: commitments.edit(s, commitment_id, fields, today=self.clock().date()))
        return self.state.commitments[commitment_id]

    def hide_commitment(self, commitment_id: str, hidden: bool = True) -> Commitment:
        """Hide (or show again): the facilitator's. Its author withdraws with ``withdraw_commitment``."""
        self._commit(lambda s: commitments.hide(s, commitment_id, hidden))
        return self.state.commitments[commitment_id]

    # -- reading -----------------------------------------------------------------------------------------
    def records(self) -> list[ev.Recorded]:
        """The whole log, for export and the agenda as it ran."""
        return self.store.read()


def _commitment_fields(
    what: str,
    who: str,
    by_when: date | str | None,
    first_step: str,
    support_needed: str,
    team: str | commitments.Keep,
    proposition_id: str | None | commitments.Keep,
) -> commitments.Fields:
    return commitments.Fields(
        what=checks.text(what, "commitment (what)", checks.MAX_LONG),
        who=checks.short(who, "who"),
        by_when=by_when,
        first_step=checks.text(first_step, "first step", checks.MAX_LONG, required=False),
        support_needed=checks.text(support_needed, "support needed", checks.MAX_LONG, required=False),
        team=team if team is commitments.KEEP else checks.short(team, "team"),
        proposition_id=proposition_id if proposition_id is commitments.KEEP else proposition_id or None,
    )
