"""Every change to a session is one of these events; the store keeps them in order, for ever.

The payloads are a pydantic discriminated union on ``kind``, so a row read back from SQLite (or a JSON export)
is validated before it is folded. Adding a field with a default is backwards compatible; renaming one needs a
migration in ``store``.

The log is append-only with one exception, a participant's withdrawal: when ``ContributionWithdrawn`` or
``CommitmentWithdrawn`` is stored, the store rewrites the earlier events that carried the item's words (its
``*_added`` and ``*_edited`` events) with the words emptied and ``redacted`` set (``model.redaction``). The
withdrawal itself carries no words, so the log still folds and the words are gone from the file.
"""

from __future__ import annotations

from datetime import date
from typing import Annotated, Literal

from pydantic import AwareDatetime, BaseModel, ConfigDict, Field, TypeAdapter

from ai_toolkit.model.enums import Collects, OnWall, Phase, Sector, Source, Teller
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
    consent_organisation: bool = False
    """A second consent: the organisation may be listed in the minutes (with or without the name)."""
    language: str = "en"


class ParticipantUpdated(_Event):
    kind: Literal["participant_updated"] = "participant_updated"
    participant_id: str
    name: str = ""
    organisation: str = ""
    sector: str = Sector.OTHER.value
    consent_named: bool = False
    consent_organisation: bool = False
    """A second consent: the organisation may be listed in the minutes (with or without the name)."""
    language: str = "en"


class ParticipantRemoved(_Event):
    """The facilitator removed a participant (someone flooding the room) and everything they sent: their
    contributions, commitments, photos and ballots leave the record, and the store erases their words and details
    as for a withdrawal. The ids are listed so the store knows which earlier events to empty; the fold checks the
    lists are exactly what the participant sent. Final: a removed id can never join or send again."""

    kind: Literal["participant_removed"] = "participant_removed"
    participant_id: str
    contribution_ids: list[str] = Field(default_factory=list)
    commitment_ids: list[str] = Field(default_factory=list)
    photo_ids: list[str] = Field(default_factory=list)


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
    """The storyteller's sector: the sender's own, or (a partner's story) the partner's, as the sender said."""
    language: str = "en"
    told_by: Teller = Teller.OWN
    redacted: bool = False
    """Its author withdrew it: ``text`` was emptied in the store (see the module's docstring)."""
    held: bool = False
    """Moderation was on and it came from a phone: on the record now, on the wall once let through."""


class ContributionEdited(_Event):
    kind: Literal["contribution_edited"] = "contribution_edited"
    contribution_id: str
    text: str
    redacted: bool = False


class ContributionHidden(_Event):
    """Hidden or shown again by the facilitator: kept in the log, left out of the minutes while hidden."""

    kind: Literal["contribution_hidden"] = "contribution_hidden"
    contribution_id: str
    hidden: bool = True


class ContributionWithdrawn(_Event):
    """Its author took it back: final. The store empties its words in the earlier events (see the docstring)."""

    kind: Literal["contribution_withdrawn"] = "contribution_withdrawn"
    contribution_id: str


class ModerationSet(_Event):
    """Moderation of the wall turned on or off: while on, phones' contributions wait for the facilitator."""

    kind: Literal["moderation_set"] = "moderation_set"
    on: bool


class ContributionsOnWall(_Event):
    """Cards let through to the wall, taken off it, or put back on hold (undo); the record is not changed."""

    kind: Literal["contributions_on_wall"] = "contributions_on_wall"
    contribution_ids: list[str]
    on_wall: OnWall


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
    show_live: bool = False
    """The facilitator chose to show the dots on the wall as they arrive; by default the room sees only how many
    have voted until the vote closes, so early dots do not sway late voters."""


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
    redacted: bool = False


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
    redacted: bool = False


class CommitmentHidden(_Event):
    kind: Literal["commitment_hidden"] = "commitment_hidden"
    commitment_id: str
    hidden: bool = True


class CommitmentWithdrawn(_Event):
    """Its author took it back: final, and its words are emptied in the store as for a contribution."""

    kind: Literal["commitment_withdrawn"] = "commitment_withdrawn"
    commitment_id: str


class PeopleCounted(_Event):
    """People present without a phone, counted by sector (a paper list, a show of hands); ``count`` is added to
    what was counted before, so a negative one corrects a miscount."""

    kind: Literal["people_counted"] = "people_counted"
    sector: str
    count: int


class PhotoAdded(_Event):
    """A photo of the room's paper (a flipchart, a postcard, sticky notes), stored as ``photos/<sha256>.jpg``.

    The file is what the server made of the upload: decoded, turned upright, stripped of every metadata field and
    re-encoded; the original is never kept. Two identical uploads are two photos sharing one file.
    """

    kind: Literal["photo_added"] = "photo_added"
    photo_id: str
    sha256: str = Field(pattern=r"^[0-9a-f]{64}$")
    """Names the file: checked here, so no log (an import) can point a photo at a path outside its folder."""
    size: int = Field(ge=0)
    width: int = Field(ge=1)
    height: int = Field(ge=1)
    caption: str = ""
    phase: Phase
    activity_id: str
    source: Source
    participant_id: str | None = None
    sector: str = Sector.OTHER.value
    """The sender's sector (a common one or the plan's own, as for a contribution)."""
    redacted: bool = False
    """Its sender withdrew it: the caption was emptied in the store, like a withdrawn contribution's words."""


class PhotoCaptioned(_Event):
    kind: Literal["photo_captioned"] = "photo_captioned"
    photo_id: str
    caption: str
    redacted: bool = False


class PhotoHidden(_Event):
    """Hidden or shown again by the facilitator: the file is kept, the photo left out of the wall and minutes."""

    kind: Literal["photo_hidden"] = "photo_hidden"
    photo_id: str
    hidden: bool = True


class PhotoWithdrawn(_Event):
    """Its sender took it back: final. The file is deleted (unless an identical upload still uses it)."""

    kind: Literal["photo_withdrawn"] = "photo_withdrawn"
    photo_id: str


Event = Annotated[
    SessionCreated
    | SessionDetailsChanged
    | TopicAgreed
    | FollowUpSet
    | ActivityStarted
    | SessionEnded
    | ParticipantJoined
    | ParticipantUpdated
    | ParticipantRemoved
    | ContributionAdded
    | ContributionEdited
    | ContributionHidden
    | ContributionWithdrawn
    | ModerationSet
    | ContributionsOnWall
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
    | CommitmentHidden
    | CommitmentWithdrawn
    | PeopleCounted
    | PhotoAdded
    | PhotoCaptioned
    | PhotoHidden
    | PhotoWithdrawn,
    Field(discriminator="kind"),
]

EVENT_ADAPTER: TypeAdapter[Event] = TypeAdapter(Event)


class Recorded(BaseModel):
    """An event as the store keeps it: its place in the log, when it happened, the client id that made it."""

    model_config = ConfigDict(frozen=True)

    seq: int
    at: AwareDatetime
    """With its zone: a time without one (a hand-edited file) could not be compared with the others."""
    client_id: str | None = None
    event: Event
