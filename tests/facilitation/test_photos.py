"""Photos in the service: where a photo goes, who may change it, its file on disk, the limits, the traps."""

from __future__ import annotations

import errno
import io
from functools import cache
from pathlib import Path
from types import SimpleNamespace

import pytest
from PIL import Image
from tests import photo_samples as samples

from ai_toolkit.errors import NotFound, Refused, StoreError
from ai_toolkit.facilitation import Facilitation, open_session
from ai_toolkit.facilitation import photo_files as files_module
from ai_toolkit.facilitation.decisions import photos
from ai_toolkit.facilitation.photo_files import MAX_SIDE, PhotoFiles, inspect
from ai_toolkit.facilitation.sessions import export_session, import_session
from ai_toolkit.imaging import prepare
from ai_toolkit.model.enums import Phase, Sector, Source
from ai_toolkit.model.session import Photo
from ai_toolkit.store.sessions import SessionsDir

INTERVIEWS, STRENGTHS, DREAMS = 1, 2, 3


@cache
def clean(seed: int = 1) -> bytes:
    """A finished JPEG as the web hands it to the service (each seed a different picture)."""
    return prepare(samples.jpeg(samples.flipchart(320, 240, seed=seed)))


def folder_of(f: Facilitation) -> Path:
    return f.folder / "photos"


def on_disk(f: Facilitation) -> list[str]:
    return sorted(p.name for p in folder_of(f).iterdir()) if folder_of(f).exists() else []


@pytest.fixture
def room(session: Facilitation) -> tuple[Facilitation, str]:
    session.go_to(INTERVIEWS)
    return session, session.join(name="Maja", sector="creative").id


def send(f: Facilitation, pid: str, seed: int = 1, activity_id: str | None = None) -> Photo:
    return f.add_photo(clean(seed), source=Source.PARTICIPANT, participant_id=pid, activity_id=activity_id)


# -- where a photo goes, and its file --------------------------------------------------------------------------
def test_a_participants_photo_is_stored_under_its_hash_in_the_current_activity(room) -> None:
    f, pid = room
    p = f.add_photo(clean(), caption="  Skupina 3: naslovnica  ", source=Source.PARTICIPANT, participant_id=pid)
    assert (p.phase, p.activity_id, p.sector) == (Phase.DISCOVER, "interviews", Sector.CREATIVE)
    assert p.source == Source.PARTICIPANT and p.participant_id == pid
    assert p.caption == "Skupina 3: naslovnica"
    stored = folder_of(f) / f"{p.sha256}.jpg"
    assert stored.read_bytes() == clean()
    assert (p.size, p.width, p.height) == (len(clean()), 320, 240)
    assert on_disk(f) == [stored.name]  # no temporary file left beside it
    assert photos.visible_photos(f.state, "interviews") == [p]
    assert photos.photo_counts(f.state) == {"interviews": 1}


def test_two_identical_uploads_are_one_file_and_two_photos(room) -> None:
    f, pid = room
    first, second = send(f, pid), send(f, pid)
    assert first.id != second.id and first.sha256 == second.sha256
    assert on_disk(f) == [f"{first.sha256}.jpg"]
    kinds = [r.event.kind for r in f.records()]
    assert kinds.count("photo_added") == 2


def test_withdrawing_deletes_the_file_only_when_no_identical_photo_still_needs_it(room) -> None:
    f, pid = room
    other = f.join(sector="school").id
    mine, theirs = send(f, pid), send(f, other)
    f.withdraw_photo(mine.id, by_participant=pid)
    assert on_disk(f) == [f"{mine.sha256}.jpg"]  # the school's photo still uses it
    f.withdraw_photo(theirs.id, by_participant=other)
    assert on_disk(f) == []
    assert f.state.photos[mine.id].withdrawn
    assert photos.visible_photos(f.state) == [] and photos.photo_counts(f.state) == {}


def test_a_withdrawal_in_a_group_commit_deletes_the_file_only_once_the_group_is_saved(room) -> None:
    f, pid = room
    p = send(f, pid)
    path = folder_of(f) / f"{p.sha256}.jpg"
    seen: list[bool] = []
    f.together([lambda: f.withdraw_photo(p.id, by_participant=pid), lambda: seen.append(path.exists())])
    assert seen == [True] and not path.exists()


def test_a_file_left_by_a_crash_after_a_withdrawal_goes_when_the_session_is_opened_again(
    room, sessions: SessionsDir, monkeypatch: pytest.MonkeyPatch
) -> None:
    f, pid = room
    p = send(f, pid)
    monkeypatch.setattr(type(f), "_drop_file", lambda self, sha: None)  # the process died before deleting
    f.withdraw_photo(p.id, by_participant=pid)
    assert on_disk(f) == [f"{p.sha256}.jpg"]
    monkeypatch.undo()
    again = open_session(sessions, f.state.info.id)
    try:
        assert on_disk(again) == []
    finally:
        again.close()


# -- who may do what, when -----------------------------------------------------------------------------------------
def test_only_the_sender_may_caption_while_the_activity_is_open_and_withdraw_at_any_time(room) -> None:
    f, pid = room
    other = f.join(sector="company").id
    p = send(f, pid)
    with pytest.raises(NotFound):
        f.caption_photo(p.id, "mine now", by_participant=other)
    with pytest.raises(NotFound):
        f.withdraw_photo(p.id, by_participant=other)
    assert f.caption_photo(p.id, "Our flipchart", by_participant=pid).caption == "Our flipchart"
    f.advance()
    with pytest.raises(Refused) as err:
        f.caption_photo(p.id, "late", by_participant=pid)
    assert err.value.code == "activity_closed"
    assert on_disk(f) == [f"{p.sha256}.jpg"]
    # Consent: what a participant sent is theirs to take back at any time, the photo and its caption too.
    f.withdraw_photo(p.id, by_participant=pid)
    assert on_disk(f) == []
    assert f.state.photos[p.id].caption == ""
    assert "Our flipchart" not in (f.folder / "session.db").read_bytes().decode("utf-8", "replace")


def test_a_withdrawn_photo_stays_withdrawn(room) -> None:
    f, pid = room
    p = send(f, pid)
    f.withdraw_photo(p.id, by_participant=pid)
    with pytest.raises(Refused) as err:
        f.withdraw_photo(p.id, by_participant=pid)
    assert err.value.code == "withdrawn"
    with pytest.raises(Refused):
        f.hide_photo(p.id, False)  # the facilitator cannot bring it back either


@pytest.mark.parametrize(
    ("where", "code"),
    [(None, "not_started"), (0, "activity_closed"), ("end", "session_ended")],
    ids=["before the start", "a welcome that collects nothing", "after the end"],
)
def test_a_phone_sends_photos_only_while_its_activity_collects(session: Facilitation, where, code: str) -> None:
    pid = session.join(sector="creative").id
    if where == "end":
        session.end()
    elif where is not None:
        session.go_to(where)
    with pytest.raises(Refused) as err:
        send(session, pid)
    assert err.value.code == code
    assert on_disk(session) == []


def test_a_photo_for_a_question_the_room_has_left_is_refused(room) -> None:
    f, pid = room
    f.advance()
    with pytest.raises(Refused) as err:
        send(f, pid, activity_id="interviews")
    assert err.value.code == "activity_closed"


def test_twenty_photos_per_participant_withdrawn_ones_do_not_count(room) -> None:
    f, pid = room
    sent = [send(f, pid, seed=i % 3) for i in range(photos.MAX_PER_PARTICIPANT)]
    assert photos.photos_left(f.state, pid) == 0
    with pytest.raises(Refused) as err:
        send(f, pid)
    assert err.value.code == "photo_limit" and err.value.params["limit"] == 20
    assert photos.refusal_to_send(f.state, pid, "interviews") is not None
    f.withdraw_photo(sent[0].id, by_participant=pid)
    send(f, pid)
    assert photos.photos_left(f.state, pid) == 0


def test_the_facilitator_files_a_photo_under_any_activity_that_has_run(session: Facilitation) -> None:
    with pytest.raises(Refused) as err:
        session.add_photo(clean())
    assert err.value.code == "not_started"
    session.go_to(INTERVIEWS)
    session.go_to(DREAMS)
    session.end()
    late = session.add_photo(clean(), caption="The wall of dreams")
    assert (late.activity_id, late.source, late.sector) == ("dreams", Source.FACILITATOR, Sector.OTHER)
    earlier = session.add_photo(clean(2), activity_id="interviews")
    assert earlier.phase == Phase.DISCOVER
    with pytest.raises(Refused) as err:
        session.add_photo(clean(3), activity_id="positive-core")  # never ran
    assert err.value.code == "no_such_step"
    assert [a.id for _, a in photos.activities_for_facilitator(session.state)] == ["interviews", "dreams"]


def test_the_facilitator_hides_and_shows_a_photo_and_undo_takes_changes_back(room) -> None:
    f, pid = room
    p = send(f, pid)
    f.hide_photo(p.id)
    assert photos.visible_photos(f.state) == [] and photos.listed_photos(f.state) == [f.state.photos[p.id]]
    assert on_disk(f) == [f"{p.sha256}.jpg"]  # hidden, not deleted
    assert f.undo() == "hiding a photo"
    assert f.state.photos[p.id].visible
    f.caption_photo(p.id, "Dream postcard")
    assert f.undo() == "captioning a photo" and f.state.photos[p.id].caption == ""
    mine = f.add_photo(clean(2))
    assert f.undo() == "adding a photo" and f.state.photos[mine.id].hidden


def test_the_wall_shows_the_running_activitys_visible_photos_newest_first(room) -> None:
    f, pid = room
    first, second, hidden = send(f, pid, 1), send(f, pid, 2), send(f, pid, 3)
    f.hide_photo(hidden.id)
    assert [p.id for p in photos.wall_photos(f.state)] == [second.id, first.id]
    f.advance()
    assert photos.wall_photos(f.state) == []


# -- what the service stores, whatever an adapter hands it ------------------------------------------------------------
def test_the_service_refuses_a_jpeg_that_still_carries_metadata_or_is_too_big(room) -> None:
    f, pid = room
    big = io.BytesIO()
    Image.new("RGB", (MAX_SIDE + 1, 10), "white").save(big, format="JPEG")
    png = io.BytesIO()
    Image.new("RGB", (10, 10), "white").save(png, format="PNG")
    for raw in (samples.gps_jpeg(), big.getvalue(), png.getvalue(), clean() + b"extra", clean()[:-200], b""):
        with pytest.raises(Refused) as err:
            f.add_photo(raw, source=Source.PARTICIPANT, participant_id=pid)
        assert err.value.code == "not_a_photo"
    assert on_disk(f) == [] and f.state.photos == {}


def test_a_prepared_jpeg_passes_the_services_own_check() -> None:
    for make in (samples.gps_jpeg, samples.sideways_jpeg, samples.transparent_png, samples.animated_gif, samples.heic):
        stored = inspect(prepare(make()))
        assert stored.width <= MAX_SIDE and stored.height <= MAX_SIDE


def test_a_full_disk_while_writing_is_a_clear_error_and_leaves_nothing(room, monkeypatch: pytest.MonkeyPatch) -> None:
    f, pid = room

    def no_space(fd: int) -> None:
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(files_module.os, "fsync", no_space)
    before = f.store.last_seq()
    with pytest.raises(StoreError) as err:
        send(f, pid)
    assert err.value.code == "disk_full" and "nearly full" in err.value.message
    monkeypatch.undo()
    assert f.store.last_seq() == before and f.state.photos == {}
    assert on_disk(f) == []  # no half-written photo, no temporary file


def test_a_nearly_full_disk_is_refused_before_writing(room, monkeypatch: pytest.MonkeyPatch) -> None:
    f, pid = room
    full = SimpleNamespace(total=10**9, used=10**9, free=0)
    monkeypatch.setattr(files_module.shutil, "disk_usage", lambda path: full)
    with pytest.raises(StoreError) as err:
        send(f, pid)
    assert err.value.code == "disk_full"
    assert f.state.photos == {}


def test_a_photo_file_name_comes_only_from_a_hash(tmp_path: Path) -> None:
    files = PhotoFiles(tmp_path)
    for bad in ("../../session", "a" * 63, "A" * 64, "../" + "a" * 61):
        with pytest.raises(Refused):
            files.path(bad)


def test_an_imported_log_cannot_point_a_photo_outside_its_folder(room, sessions: SessionsDir) -> None:
    f, pid = room
    send(f, pid)
    text = export_session(f).replace(f.state.photos[next(iter(f.state.photos))].sha256, "../../../etc/passwd")
    other = SessionsDir(sessions.root.parent / "elsewhere")
    with pytest.raises(Refused, match="sha256"):
        import_session(other, text, "evil.json")


def test_another_process_sees_the_photos_and_their_withdrawal(room, sessions: SessionsDir) -> None:
    f, pid = room
    tui = open_session(sessions, f.state.info.id)
    try:
        p = send(f, pid)
        tui.refresh()
        assert photos.photo_counts(tui.state) == {"interviews": 1}
        f.withdraw_photo(p.id, by_participant=pid)
        tui.refresh()
        assert photos.photo_counts(tui.state) == {} and tui.state.photos[p.id].withdrawn
    finally:
        tui.close()
