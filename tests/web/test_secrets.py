"""Exports hold no secrets, an import makes fresh ones, and no cookie or form can be forged from anything a
participant or an export holds (issue 10, item 5: a session imported with join token ``a`` and an empty
facilitator token let a forged cookie edit another participant's contribution)."""

from __future__ import annotations

import hashlib
import hmac
import json
import os
import stat
import zipfile
from pathlib import Path

from fastapi.testclient import TestClient
from tests.web.conftest import Phone

from ai_toolkit.facilitation import Facilitation
from ai_toolkit.facilitation.decisions.joining import code_matches, join_code
from ai_toolkit.facilitation.sessions import export_archive, export_session, import_session
from ai_toolkit.model.enums import Source
from ai_toolkit.store.sessions import KEY_NAME, SessionsDir, signing_key
from ai_toolkit.web.app import create_app

INTERVIEWS = 1


def old_style_cookie(pid: str, facilitator_token: str) -> str:
    """A cookie signed as sessions were before: with a key made from the facilitator token."""
    key = hashlib.sha256(b"ai-toolkit web\0" + facilitator_token.encode()).digest()
    return f"{pid}." + hmac.new(key, f"pid\0{pid}".encode(), hashlib.sha256).hexdigest()[:32]


def test_json_and_zip_exports_carry_no_token_and_no_key(session: Facilitation, tmp_path: Path) -> None:
    session.signing_key()  # made by the server's first start
    info = session.state.info
    exported = export_session(session)
    for secret in (info.join_token, info.facilitator_token, session.signing_key().hex()):
        assert secret not in exported
    out = tmp_path / "s.zip"
    export_archive(session, out)
    with zipfile.ZipFile(out) as z:
        assert KEY_NAME not in "".join(z.namelist())
        inside = z.read("session.json").decode()
    assert info.join_token not in inside and info.facilitator_token not in inside
    assert session.signing_key() not in (session.folder / "session.db").read_bytes()


def test_an_old_export_with_tokens_is_imported_with_fresh_ones_and_a_working_code(
    session: Facilitation, tmp_path: Path
) -> None:
    doc = json.loads(export_session(session))
    doc["events"][0]["event"]["info"] |= {"join_token": "a", "facilitator_token": ""}  # as issue 10 found it
    imported = import_session(SessionsDir(tmp_path / "elsewhere"), json.dumps(doc), "old.json")
    try:
        info = imported.state.info
        assert len(info.join_token) >= 32 and len(info.facilitator_token) >= 32
        assert info.join_token != session.state.info.join_token
        assert code_matches(info, join_code(info)) and join_code(info) != join_code(session.state.info)
        app = create_app(imported, join_url=lambda: "http://testserver/j/x")
        with TestClient(app) as client:
            phone = Phone(client, imported)
            assert client.get("/j/a").status_code == 404  # the file's token opens nothing
            assert phone.get().status_code == 200
            imported.go_to(INTERVIEWS)
            victim = phone.join()
            c = imported.add_contribution("Maja's story", source=Source.PARTICIPANT, participant_id=victim)
            form = phone.hidden(phone.get(f"/c/{c.id}").text, f"/c/{c.id}")
            # The attacker knows everything the old file held: a cookie signed the old way is a stranger's.
            # Even the new facilitator token (which opens the wall) signs nothing.
            for known in ("", info.facilitator_token, info.join_token):
                with TestClient(app) as attacker:
                    attacker.cookies.set("aitk", old_style_cookie(victim, known))
                    r = attacker.post(phone.home + f"/c/{c.id}", data={**form, "text": "defaced"})
                assert r.status_code == 403
            assert imported.state.contributions[c.id].text == "Maja's story"
    finally:
        imported.close()


def test_the_signing_key_is_random_private_stable_and_survives_a_read_only_folder(tmp_path: Path) -> None:
    folder = tmp_path / "s"
    folder.mkdir()
    key = signing_key(folder)
    assert len(key) == 32 and signing_key(folder) == key
    assert stat.S_IMODE((folder / KEY_NAME).stat().st_mode) == 0o600
    other = tmp_path / "t"
    other.mkdir()
    assert signing_key(other) != key
    (other / KEY_NAME).write_bytes(b"short")  # a hand edit or an old crash: replaced, never used
    assert len(signing_key(other)) == 32 and (other / KEY_NAME).stat().st_size == 32
    locked = tmp_path / "ro"
    locked.mkdir()
    locked.chmod(0o500)
    try:
        if os.access(locked, os.W_OK):  # root ignores the mode: a file in the key's place stands in for it
            (locked / KEY_NAME).mkdir()
        assert len(signing_key(locked)) == 32  # a key for this process; the server still starts
    finally:
        locked.chmod(0o700)
