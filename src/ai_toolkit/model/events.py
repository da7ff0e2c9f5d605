"""Every change to a session is one of these events; the store keeps them in order, for ever.

The payloads are a pydantic discriminated union on ``kind``, so a row read back from SQLite (or a JSON export)
is validated before it is folded. Adding a field with a default is backwards compatible; renaming one needs a
migration in ``store``.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, TypeAdapter

from ai_toolkit.model.enums import Collects, Phase, Sector, Source
from ai_toolkit.model.plan import Plan
from ai_toolkit.model.session import SessionInfo, VoteOption


class _Event(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class SessionCreated(_Event):
    kind: Literal["session_created"] = "session_created"
    info: SessionInfo
    plan: Plan


class SessionDetailsChanged(_Event):
    """Cover details edited after creation (e.g. the affirmative topic agreed in Define)."""

    kind: Literal["session_details_changed"] = "session_details_changed"
    changes: dict[str, str | list[str]]


class TopicAgreed(_Event):
    """The group agreed the wording of the affirmative topic (in Define); the minutes print it as agreed.
    ``agreed=False`` takes it back to a draft (the undo of an agreement)."""

    kind: Literal["topic_agreed"] = "topic_agreed"
    text: str
    agreed: bool = True


class FollowUpSet(_Event):
    """When and where the group meets again (set in Destiny); neither given: no follow-up yet."""

    kind: Literal["follow_up_set"] = "follow_up_set"
    on: date | None = None
    place: str = ""


class ActivityStarted(_Event):
    """The facilitator moved to an activity (forward or back); the previous one ends at the same moment."""

    kind: Literal["activity_started"] = "activity_started"
    position: int
    activity_id: str


class SessionEnded(_Event):
    kind: Literal["session_ended"] = "session_ended"


class ParticipantJoined(_Event):
    """``sector`` is one the session's plan offers: a common ``Sector`` value or the plan's own (a string, so a
    plan can add sectors without a new version of the log)."""

    kind: Literal["participant_joined"] = "participant_joined"
    participant_id: str
    name: str = ""
    organisation: str = ""
    sector: str = Sector.OTHER.value
    consent_named: bool = False
    language: str = "en"


class ParticipantUpdated(_Event):
    kind: Literal["participant_updated"] = "participant_updated"
    participant_id: str
    name: str = ""
    organisation: str = ""
    sector: str = Sector.OTHER.value
    consent_named: bool = False
    language: str = "en"


class ContributionAdded(_Event):
    kind: Literal["contribution_added"] = "contribution_added"
    contribution_id: str
    text: str
    phase: Phase
    activity_id: str
    collects: Collects = Collects.STORIES
    source: Source
    participant_id: str | None = None
    sector: str = Sector.OTHER.value
    language: str = "en"


class ContributionEdited(_Event):
    kind: Literal["contribution_edited"] = "contribution_edited"
    contribution_id: str
    text: str


class ContributionHidden(_Event):
    """Hidden (by the facilitator, or withdrawn by its author): kept in the log, left out of the minutes."""

    kind: Literal["contribution_hidden"] = "contribution_hidden"
    contribution_id: str
    hidden: bool = True


class ThemeCreated(_Event):
    kind: Literal["theme_created"] = "theme_created"
    theme_id: str
    name: str
    phase: Phase


class ThemeRenamed(_Event):
    kind: Literal["theme_renamed"] = "theme_renamed"
    theme_id: str
    name: str


class ThemesMerged(_Event):
    """``source`` joins ``target``: its contributions move over and it disappears from view."""

    kind: Literal["themes_merged"] = "themes_merged"
    source_id: str
    target_id: str


class ThemeRemoved(_Event):
    """A theme taken away (only by undo, right after it was made); its contributions become unassigned."""

    kind: Literal["theme_removed"] = "theme_removed"
    theme_id: str


class ThemeRestored(_Event):
    """A merged or removed theme comes back (undo of a merge)."""

    kind: Literal["theme_restored"] = "theme_restored"
    theme_id: str


class ContributionAssigned(_Event):
    kind: Literal["contribution_assigned"] = "contribution_assigned"
    contribution_id: str
    theme_id: str | None


class ContributionTakenUp(_Event):
    """A statement sent in a propositions activity (a candidate) became a proposition: accepted as its own, or
    merged into one the room already has. ``None`` puts it back among the candidates (the undo)."""

    kind: Literal["contribution_taken_up"] = "contribution_taken_up"
    contribution_id: str
    proposition_id: str | None


class PropositionAdded(_Event):
    kind: Literal["proposition_added"] = "proposition_added"
    proposition_id: str
    text: str
    theme_ids: list[str] = Field(default_factory=list)
    source: Source = Source.FACILITATOR
    participant_id: str | None = None


class PropositionEdited(_Event):
    kind: Literal["proposition_edited"] = "proposition_edited"
    proposition_id: str
    text: str
    theme_ids: list[str] = Field(default_factory=list)


class PropositionHidden(_Event):
    kind: Literal["proposition_hidden"] = "proposition_hidden"
    proposition_id: str
    hidden: bool = True


class VoteOpened(_Event):
    kind: Literal["vote_opened"] = "vote_opened"
    vote_id: str
    title: str
    phase: Phase
    options: list[VoteOption]
    dots: int


class BallotCast(_Event):
    """A participant's dots; a later ballot from the same participant replaces the earlier one."""

    kind: Literal["ballot_cast"] = "ballot_cast"
    vote_id: str
    participant_id: str
    dots: dict[str, int]


class VoteClosed(_Event):
    kind: Literal["vote_closed"] = "vote_closed"
    vote_id: str


class CommitmentAdded(_Event):
    """``who`` is one or more people; ``team`` an action team ("Empty shop fronts team"); ``proposition_id`` the
    proposition the commitment serves."""

    kind: Literal["commitment_added"] = "commitment_added"
    commitment_id: str
    what: str
    who: str = ""
    by_when: date | None = None
    first_step: str = ""
    support_needed: str = ""
    team: str = ""
    proposition_id: str | None = None
    source: Source = Source.FACILITATOR
    participant_id: str | None = None


class CommitmentEdited(_Event):
    kind: Literal["commitment_edited"] = "commitment_edited"
    commitment_id: str
    what: str
    who: str = ""
    by_when: date | None = None
    first_step: str = ""
    support_needed: str = ""
    team: str = ""
    proposition_id: str | None = None


class CommitmentHidden(_Event):
    kind: Literal["commitment_hidden"] = "commitment_hidden"
    commitment_id: str
    hidden: bool = True


Event = Annotated[
    SessionCreated
    | SessionDetailsChanged
    | TopicAgreed
    | FollowUpSet
    | ActivityStarted
    | SessionEnded
    | ParticipantJoined
    | ParticipantUpdated
    | ContributionAdded
    | ContributionEdited
    | ContributionHidden
    | ThemeCreated
    | ThemeRenamed
    | ThemesMerged
    | ThemeRemoved
    | ThemeRestored
    | ContributionAssigned
    | ContributionTakenUp
    | PropositionAdded
    | PropositionEdited
    | PropositionHidden
    | VoteOpened
    | BallotCast
    | VoteClosed
    | CommitmentAdded
    | CommitmentEdited
    | CommitmentHidden,
    Field(discriminator="kind"),
]

EVENT_ADAPTER: TypeAdapter[Event] = TypeAdapter(Event)


class Recorded(BaseModel):
    """An event as the store keeps it: its place in the log, when it happened, the client id that made it."""

    model_config = ConfigDict(frozen=True)

    seq: int
    at: datetime
    client_id: str | None = None
    event: Event
