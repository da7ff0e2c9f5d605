"""The facilitator removes a participant and everything they sent: one event, final, counted out everywhere.

The troll's words are unique markers looked for in the raw bytes of the session's files after the removing
process closed them, as a withdrawal's are (``tests/store/test_redaction.py``).
"""

from __future__ import annotations

from pathlib import Path

import pytest
from tests.facilitation.test_photos import clean, on_disk

from ai_toolkit.errors import NotFound, Refused
from ai_toolkit.facilitation import Facilitation, open_session
from ai_toolkit.facilitation.decisions.attendance import present
from ai_toolkit.facilitation.sessions import export_session, import_session
from ai_toolkit.model import events as ev
from ai_toolkit.model.enums import Source
from ai_toolkit.model.fold import FoldError, fold
from ai_toolkit.store.sessions import SessionsDir

INTERVIEWS, VOTE, COMMITMENTS = 1, 5, 6
TROLL = "ZQXJ-troll-shouting"
TROLL_EDIT = "ZQXJ-troll-edited"
TROLL_NAME = "ZQXJ-Trollname"
TROLL_COMMITMENT = "ZQXJ-troll-promise"
TROLL_CAPTION = "ZQXJ-troll-caption"
KEEP = "Kept-words-of-someone-else"


def refused(code: str, call, *args, **kwargs) -> None:
    with pytest.raises((Refused, NotFound)) as err:
        call(*args, **kwargs)
    assert err.value.code == code, err.value


def files_of(folder: Path) -> bytes:
    return b"".join(p.read_bytes() for p in sorted(folder.iterdir()) if p.name.startswith("session.db"))


def troll_and_maja(f: Facilitation) -> tuple[str, str]:
    """A troll who sent everything there is to send, and Maja, whose words must all stay."""
    f.go_to(INTERVIEWS)
    troll = f.join(name=TROLL_NAME, organisation=TROLL_NAME, sector="citizen", consent_named=True).id
    maja = f.join(name="Maja", sector="creative", consent_named=True).id
    c = f.add_contribution(TROLL, source=Source.PARTICIPANT, participant_id=troll)
    f.edit_contribution(c.id, TROLL_EDIT, by_participant=troll)
    f.add_contribution(TROLL, source=Source.PARTICIPANT, participant_id=troll)
    f.add_contribution(KEEP, source=Source.PARTICIPANT, participant_id=maja)
    f.add_photo(clean(1), caption=TROLL_CAPTION, source=Source.PARTICIPANT, participant_id=troll)
    f.add_photo(clean(2), caption="Maja's flipchart", source=Source.PARTICIPANT, participant_id=maja)
    theme = f.create_theme("Open doors")
    f.assign(c.id, theme.id)  # the facilitator's change on the troll's words: its undo must not fail later
    f.go_to(VOTE)
    vote = f.open_vote([("A", None), ("B", None)], dots=3)
    f.cast(vote.id, troll, {vote.options[0].id: 3})
    f.cast(vote.id, maja, {vote.options[1].id: 1})
    f.close_vote()
    f.go_to(COMMITMENTS)
    f.add_commitment(TROLL_COMMITMENT, source=Source.PARTICIPANT, participant_id=troll)
    f.add_commitment("Maja opens her studio", source=Source.PARTICIPANT, participant_id=maja)
    return troll, maja


def test_removing_a_participant_takes_out_everything_they_sent_and_nothing_else(session: Facilitation) -> None:
    troll, maja = troll_and_maja(session)
    assert len(on_disk(session)) == 2
    last_undo = session.can_undo
    sent = session.remove_participant(troll)
    assert (len(sent.contributions), len(sent.commitments), len(sent.photos), sent.ballots) == (2, 1, 1, 1)
    s = session.state
    assert troll not in s.participants and troll in s.removed
    assert {c.participant_id for c in s.contributions.values()} == {maja}
    assert {k.participant_id for k in s.commitments.values()} == {maja}
    assert {p.participant_id for p in s.photos.values()} == {maja}
    assert len(on_disk(session)) == 1  # the troll's photo file is gone, Maja's stays
    vote = next(iter(s.votes.values()))
    assert list(vote.ballots) == [maja] and [n for _, n in vote.tally()] == [1, 0]
    everyone = present(s)
    assert (everyone.total, everyone.phones) == (1, 1)
    assert session.can_undo == last_undo  # not undoable: the words are gone
    assert fold(session.records()) == s  # the log says the same


def test_a_removed_participant_can_send_nothing_and_never_join_again(session: Facilitation) -> None:
    troll, _ = troll_and_maja(session)
    session.remove_participant(troll)
    before = session.store.last_seq()
    refused("removed", session.join, participant_id=troll)
    refused("removed", session.add_commitment, "again", source=Source.PARTICIPANT, participant_id=troll)
    refused("removed", session.remove_participant, troll)
    refused("unknown_participant", session.remove_participant, "p-000000000000")
    refused("bad_participant_id", session.remove_participant, "../x")
    session.go_to(INTERVIEWS)
    refused("removed", session.add_contribution, "again", source=Source.PARTICIPANT, participant_id=troll)
    assert session.store.last_seq() == before + 1  # only the move back


def test_undo_of_a_change_to_a_removed_participants_words_is_refused_and_leaves_the_stack(
    session: Facilitation,
) -> None:
    troll, _ = troll_and_maja(session)
    session.remove_participant(troll)
    before = session.store.last_seq()
    refused("removed", session.undo)  # assigning the troll's contribution to the theme
    assert session.store.last_seq() == before
    assert session.undo() == "creating the theme 'Open doors'"
    assert fold(session.records()) == session.state


def test_the_troll_s_words_name_and_photo_leave_the_files_and_the_export(
    session: Facilitation, sessions: SessionsDir, tmp_path: Path
) -> None:
    troll, _ = troll_and_maja(session)
    folder = session.folder
    session.remove_participant(troll)
    exported = export_session(session)
    session.close()
    raw = files_of(folder)
    for words in (TROLL, TROLL_EDIT, TROLL_NAME, TROLL_COMMITMENT, TROLL_CAPTION):
        assert words.encode() not in raw, words
        assert words not in exported, words
    assert KEEP.encode() in raw and KEEP in exported
    # The removal travels with the export: an import folds to the same record, the troll still out.
    again = import_session(SessionsDir(tmp_path / "elsewhere"), exported, "export.json")
    try:
        assert troll in again.state.removed and troll not in again.state.participants
        assert len(again.state.contributions) == 1
    finally:
        again.close()
    reopened = open_session(sessions, folder.name)
    try:
        assert troll in reopened.state.removed
    finally:
        reopened.close()


def test_a_removal_that_does_not_list_exactly_what_they_sent_is_a_damaged_log(session: Facilitation) -> None:
    troll, _ = troll_and_maja(session)
    records = session.records()
    seq = records[-1].seq + 1
    short = ev.ParticipantRemoved(participant_id=troll, contribution_ids=[], commitment_ids=[], photo_ids=[])
    bad = records + [ev.Recorded(seq=seq, at=records[-1].at, event=short)]
    with pytest.raises(FoldError, match=f"event {seq}"):
        fold(bad)
