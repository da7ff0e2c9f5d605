"""Errors a user may see. Each carries a stable ``Code`` so every surface can say it in its reader's language.

The phone says a refusal with the label ``error.<code>`` (``i18n/web``), the facilitator's screen with
``tui.refusal.<code>`` (``i18n/tui``); the CLI prints the English message. A test checks that every code has both
labels in every language, so a new refusal cannot reach a person as a raw key.
"""

from __future__ import annotations

from enum import StrEnum


class Code(StrEnum):
    """Why something was refused or not found: the one list of refusals every surface knows how to say."""

    # generic (the class's own code when no other is given)
    ERROR = "error"
    NOT_FOUND = "not_found"
    REFUSED = "refused"
    STORE = "store"
    # the agenda
    NOT_STARTED = "not_started"
    SESSION_ENDED = "session_ended"
    AT_START = "at_start"
    NO_SUCH_STEP = "no_such_step"
    UNKNOWN_PHASE = "unknown_phase"
    ACTIVITY_CLOSED = "activity_closed"
    BAD_FIELD = "bad_field"
    # input
    EMPTY_TEXT = "empty_text"
    TEXT_TOO_LONG = "text_too_long"
    BAD_TEXT = "bad_text"
    BAD_LANGUAGE = "bad_language"
    BAD_SECTOR = "bad_sector"
    BAD_DATE = "bad_date"
    BAD_NUMBER = "bad_number"
    PLAN_TOO_LONG = "plan_too_long"
    DATE_IN_PAST = "date_in_past"
    CLIENT_ID_REUSED = "client_id_reused"
    # participants
    BAD_PARTICIPANT_ID = "bad_participant_id"
    ALREADY_JOINED = "already_joined"
    UNKNOWN_PARTICIPANT = "unknown_participant"
    REMOVED = "removed"
    """The facilitator removed this participant (and everything they sent): their phone can no longer send."""
    # contributions and themes
    UNKNOWN_CONTRIBUTION = "unknown_contribution"
    WITHDRAWN = "withdrawn"
    WITHDRAWN_BY_AUTHOR = "withdrawn_by_author"
    """The facilitator tried to show, change or undo something its author withdrew: final."""
    NO_STORYTELLER = "no_storyteller"
    """A partner's story without the storyteller's sector."""
    HIDDEN = "hidden"
    UNKNOWN_THEME = "unknown_theme"
    DUPLICATE_THEME = "duplicate_theme"
    MERGE_SELF = "merge_self"
    NOT_IN_THEME = "not_in_theme"
    NOTHING_PICKED = "nothing_picked"
    # propositions and votes
    UNKNOWN_PROPOSITION = "unknown_proposition"
    NOT_A_CANDIDATE = "not_a_candidate"
    TAKEN_UP = "taken_up"
    PROPOSITION_HIDDEN = "proposition_hidden"
    NO_OPTIONS = "no_options"
    TOO_MANY_OPTIONS = "too_many_options"
    BAD_DOTS = "bad_dots"
    VOTE_OPEN = "vote_open"
    NO_OPEN_VOTE = "no_open_vote"
    UNKNOWN_VOTE = "unknown_vote"
    VOTE_CLOSED = "vote_closed"
    UNKNOWN_OPTION = "unknown_option"
    ALLOWANCE_EXCEEDED = "allowance_exceeded"
    NO_DOTS = "no_dots"
    # commitments
    UNKNOWN_COMMITMENT = "unknown_commitment"
    OWNER_IS_PARTICIPANT = "owner_is_participant"
    """A name typed onto a participant's own commitment: they are named only as they agreed."""
    # attendance and retention
    BAD_COUNT = "bad_count"
    KEEP_UNTIL_TOO_EARLY = "keep_until_too_early"
    SESSION_IN_USE = "session_in_use"
    # photos
    NO_PHOTO = "no_photo"
    NOT_A_PHOTO = "not_a_photo"
    PHOTO_TOO_LARGE = "photo_too_large"
    PHOTO_TOO_MANY_PIXELS = "photo_too_many_pixels"
    PHOTO_SHAPE = "photo_shape"
    PHOTO_BROKEN = "photo_broken"
    PHOTO_LIMIT = "photo_limit"
    UNKNOWN_PHOTO = "unknown_photo"
    DISK_FULL = "disk_full"
    # undo
    NOTHING_TO_UNDO = "nothing_to_undo"
    # files and the server
    BAD_FORMAT = "bad_format"
    TEMPLATE = "template"
    OUTPUT = "output"
    NO_FOLDER = "no_folder"
    QR_TOO_LONG = "qr_too_long"
    TOO_LONG = "too_long"
    BAD_URL = "bad_url"
    BIND = "bind"


class ToolkitError(Exception):
    """Base of every error we show to a person as one clear line (never a traceback)."""

    code: Code = Code.ERROR

    def __init__(self, message: str, *, code: Code | None = None, **params: object) -> None:
        super().__init__(message)
        self.message = message
        if code is not None:
            self.code = Code(code)
        self.params = params

    def __str__(self) -> str:
        return self.message


class NotFound(ToolkitError):
    """An id, prefix, plan or file that does not exist."""

    code = Code.NOT_FOUND


class Refused(ToolkitError):
    """A rule of the method or a limit says no; nothing was changed."""

    code = Code.REFUSED


class StoreError(ToolkitError):
    """The database or the sessions folder cannot be used (locked, read-only, damaged, missing)."""

    code = Code.STORE
