"""``-o`` writes a file, never over something that is not one: before, the final rename replaced a symbolic link
with the file, and as root even a device node. A link is followed only to a file in the same folder."""

from __future__ import annotations

import os
import socket
import stat
from pathlib import Path

import pytest

from ai_toolkit.cli import main
from ai_toolkit.errors import Refused
from ai_toolkit.facilitation import Facilitation
from ai_toolkit.files import write_atomically

pytestmark = pytest.mark.skipif(os.name == "nt", reason="POSIX links, pipes and device nodes")


def test_a_link_out_of_the_folder_is_refused_and_left_as_it_was(tmp_path: Path) -> None:
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    secret = elsewhere / "keys.txt"
    secret.write_text("do not touch", encoding="utf-8")
    out = tmp_path / "out"
    out.mkdir()
    (out / "minutes.csv").symlink_to(secret)
    with pytest.raises(Refused, match=r"is a link to .*keys\.txt, outside its folder: not written"):
        write_atomically(out / "minutes.csv", "a,b\n")
    assert (out / "minutes.csv").is_symlink() and secret.read_text(encoding="utf-8") == "do not touch"
    assert sorted(p.name for p in out.iterdir()) == ["minutes.csv"]  # no temporary file left


def test_a_link_to_a_file_in_the_same_folder_writes_that_file_and_keeps_the_link(tmp_path: Path) -> None:
    (tmp_path / "minutes-2026.csv").write_text("old\n", encoding="utf-8")
    (tmp_path / "latest.csv").symlink_to("minutes-2026.csv")
    written = write_atomically(tmp_path / "latest.csv", "new\n")
    assert written == tmp_path / "minutes-2026.csv"
    assert (tmp_path / "latest.csv").is_symlink() and (tmp_path / "latest.csv").read_text(encoding="utf-8") == "new\n"


def test_links_in_a_loop_and_dangling_links_out_are_refused(tmp_path: Path) -> None:
    (tmp_path / "a.csv").symlink_to("b.csv")
    (tmp_path / "b.csv").symlink_to("a.csv")
    with pytest.raises(Refused, match="link"):
        write_atomically(tmp_path / "a.csv", "x")
    (tmp_path / "gone.csv").symlink_to("/nonexistent-folder/gone.csv")
    with pytest.raises(Refused, match="outside its folder"):
        write_atomically(tmp_path / "gone.csv", "x")
    assert (tmp_path / "a.csv").is_symlink() and (tmp_path / "gone.csv").is_symlink()


def test_pipes_sockets_and_device_nodes_are_not_replaced(tmp_path: Path) -> None:
    fifo = tmp_path / "pipe.csv"
    os.mkfifo(fifo)
    sock_path = tmp_path / "sock.csv"
    server = socket.socket(socket.AF_UNIX)
    server.bind(str(sock_path))
    targets = [fifo, sock_path]
    if os.geteuid() == 0:  # a /dev/null of our own: root could replace the real one before
        device = tmp_path / "null.csv"
        os.mknod(device, stat.S_IFCHR | 0o666, os.makedev(1, 3))
        targets.append(device)
    try:
        for target in targets:
            kind = stat.S_IFMT(target.lstat().st_mode)
            with pytest.raises(Refused, match="not a regular file"):
                write_atomically(target, "x")
            assert stat.S_IFMT(target.lstat().st_mode) == kind
    finally:
        server.close()


def test_the_cli_says_it_in_one_line_for_exports_and_documents(
    session: Facilitation, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    sid, root = session.state.info.id, str(session.folder.parent)
    outside = tmp_path / "outside.txt"
    outside.write_text("mine", encoding="utf-8")
    out = tmp_path / "out"
    out.mkdir()
    for name, args in {"s.csv": ["export", sid, "--format", "csv"], "m.docx": ["minutes", sid]}.items():
        (out / name).symlink_to(outside)
        capsys.readouterr()
        assert main(["--sessions-dir", root, *args, "-o", str(out / name)]) == 2
        err = capsys.readouterr().err.strip()
        assert err.startswith("ai-toolkit: ") and "outside its folder" in err and len(err.splitlines()) == 1
    assert outside.read_text(encoding="utf-8") == "mine"
