"""A session's photos on the command line: ``export --format zip`` and ``import`` of a zip, through the real script."""

from __future__ import annotations

import os
import zipfile
from collections.abc import Iterator
from pathlib import Path

import pytest
from tests import photo_samples as samples
from tests.cli.runner import cli, ok, parallel, refused

from ai_toolkit.facilitation import Facilitation, create_session
from ai_toolkit.imaging import prepare
from ai_toolkit.model.enums import Source
from ai_toolkit.model.plan import Plan
from ai_toolkit.store.sessions import SessionsDir


@pytest.fixture
def home(tmp_path: Path) -> Path:
    (tmp_path / "home").mkdir()
    return tmp_path / "home"


@pytest.fixture
def with_photos(tmp_path: Path, tiny_plan: Plan) -> Iterator[Facilitation]:
    f = create_session(SessionsDir(tmp_path / "sessions"), tiny_plan, title="Kulturcafé · fotografije")
    f.go_to(1)
    pid = f.join(sector="school").id
    for seed in (1, 2):
        f.add_photo(
            prepare(samples.jpeg(samples.flipchart(300, 200, seed=seed))), source=Source.PARTICIPANT, participant_id=pid
        )
    yield f
    f.close()


def test_export_a_zip_and_import_it_on_another_laptop(home: Path, tmp_path: Path, with_photos: Facilitation) -> None:
    root, sid = tmp_path / "sessions", with_photos.state.info.id
    out = tmp_path / "kulturcafe.zip"
    assert ok(cli("export", sid, "--format", "zip", "-o", out, home=home, root=root)).out.strip() == (
        f"wrote {out} (2 photos)"
    )
    with zipfile.ZipFile(out) as z:
        assert len(z.namelist()) == 3
    elsewhere = tmp_path / "elsewhere"
    lines = ok(cli("import", out, home=home, root=elsewhere)).out.splitlines()
    assert lines[:2] == [sid, str(elsewhere / sid)] and lines[2].startswith("Made a fresh join address (code ")
    copied = sorted(p.name for p in (elsewhere / sid / "photos").iterdir())
    assert copied == sorted(f"{p.sha256}.jpg" for p in with_photos.state.photos.values())


def test_zip_refusals_are_one_line_and_leave_nothing(home: Path, tmp_path: Path, with_photos: Facilitation) -> None:
    root, sid = tmp_path / "sessions", with_photos.state.info.id
    # A name of this run's own: /tmp is shared with every other run on the machine.
    owned = Path("/tmp") / f"owned-{tmp_path.name}-{os.getpid()}.txt"
    out = tmp_path / "good.zip"
    ok(cli("export", sid, "--format", "zip", "-o", out, home=home, root=root))
    evil = tmp_path / "evil.zip"
    with zipfile.ZipFile(out) as good, zipfile.ZipFile(evil, "w") as bad:
        for name in good.namelist():
            bad.writestr(name, good.read(name))
        bad.writestr(f"../../../../tmp/{owned.name}", b"x")
    json_only = tmp_path / "only.json"
    json_only.write_bytes(ok(cli("export", sid, home=home, root=root)).out.encode())
    elsewhere = tmp_path / "elsewhere"
    to_stdout, traversal = parallel(
        lambda: cli("export", sid, "--format", "zip", home=home, root=root),
        lambda: cli("import", evil, home=home, root=elsewhere),
    )
    refused(to_stdout, "give the file to write with -o")
    refused(traversal, "evil.zip", "is not an ai-toolkit archive")
    assert not elsewhere.exists() or list(elsewhere.iterdir()) == []
    assert not owned.exists()
    imported = ok(cli("import", json_only, home=home, root=elsewhere))
    assert imported.err.strip() == f"ai-toolkit: 2 photos are not in {json_only}: the minutes show a note"
