"""How a person is named: by name only where they agreed to be named, their organisation only where they agreed to
have it listed, otherwise by their sector; a partner's story by the storyteller's sector, never by who sent it.

The phones' consents are promises; the minutes, the exports, the TUI and the wall all ask here, so no surface can
name someone who did not agree, or file a story under the wrong person.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from ai_toolkit.model.enums import Source, Teller
from ai_toolkit.model.session import Commitment, Contribution, Participant, SessionState


def shown_name(s: SessionState, participant_id: str | None) -> str:
    """The participant's name where they agreed to be named; otherwise (or for no participant) nothing."""
    p = s.participants.get(participant_id or "")
    return p.name.strip() if p is not None and p.consent_named else ""


def shown_organisation(s: SessionState, participant_id: str | None) -> str:
    """The participant's organisation where they agreed to have it listed; otherwise nothing."""
    p = s.participants.get(participant_id or "")
    return p.organisation.strip() if p is not None and p.consent_organisation else ""


def named_participants(s: SessionState) -> list[Participant]:
    """Those who agreed to be named and gave a name, by name: the attendance list of the minutes (show their
    organisation with ``shown_organisation``: the second consent)."""
    named = [p for p in s.participants.values() if p.consent_named and p.name.strip()]
    return sorted(named, key=lambda p: p.name.strip().casefold())


def listed_organisations(s: SessionState) -> list[str]:
    """The organisations whose people agreed to have them listed (also those not named), each once, A to Z."""
    found = {shown_organisation(s, p.id) for p in s.participants.values()}
    return sorted((o for o in found if o), key=str.casefold)


@dataclass(frozen=True)
class Attribution:
    """Whose words (or whose commitment) an item is, as far as the people concerned agreed to be shown.

    ``name`` is a person's name they agreed to show, or the owner the facilitator typed on their own commitment (a
    person or an organisation); ``organisation`` one its member agreed to list (commitments only); ``sector`` the
    storyteller's or owner's sector (None for a commitment the facilitator typed for someone); ``partner_story``
    a story told by ``sector``'s participant and sent by their interview partner.
    """

    name: str = ""
    organisation: str = ""
    sector: str | None = None
    partner_story: bool = False

    @property
    def anyone(self) -> bool:
        return bool(self.name or self.organisation or self.sector is not None)


def attribution(s: SessionState, item: Contribution | Commitment) -> Attribution:
    """The one answer to "whose is this?" for a contribution or a commitment."""
    if isinstance(item, Contribution):
        if item.told_by == Teller.PARTNER:
            return Attribution(sector=item.sector, partner_story=True)
        # Words are attributed by name and sector only: an organisation is listed with the people and their
        # commitments, not under a quote, where it could say who said it in a small room.
        return Attribution(name=shown_name(s, item.participant_id), sector=item.sector)
    p = s.participants.get(item.participant_id or "")
    if p is not None:
        # Their own commitment: the owner is the participant, shown as they agreed now (consents can change on
        # /me), whatever an older version of the toolkit stored in ``who``.
        return Attribution(name=shown_name(s, p.id), organisation=shown_organisation(s, p.id), sector=p.sector)
    if item.source == Source.PARTICIPANT:
        return Attribution()
    return Attribution(name=item.who.strip())


def shown_owner(s: SessionState, k: Commitment, sector_name: Callable[[str], str]) -> str:
    """Who carries a commitment, as they agreed to be shown: a name, else their sector (``sector_name`` says it in
    the reader's language); the organisation they agreed to list in brackets. Every surface says owners this way."""
    who = attribution(s, k)
    shown = who.name.strip() or (sector_name(who.sector) if who.sector is not None else "")
    organisation = who.organisation.strip()
    return f"{shown} ({organisation})" if shown and organisation else shown or organisation


def carried_by(s: SessionState, k: Commitment, sector_name: Callable[[str], str]) -> str:
    """The action team and its people on one line ("Team: name"), either alone when the other is missing."""
    people = shown_owner(s, k, sector_name)
    team = k.team.strip()
    return f"{team}: {people}" if team and people else team or people
