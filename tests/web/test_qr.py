"""The QR code of the join URL: what zbarimg reads back is exactly the URL, in every rendering."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

import pytest
from PIL import Image
from tests.conftest import need

from ai_toolkit.errors import ToolkitError
from ai_toolkit.qr import ascii_url, qr_matrix, qr_svg, qr_text, write_qr

URL = "http://192.168.1.20:8000/j/Xq3v_Zk9-ytYwE0aC1bRr7uLmN2pO4sT"


def zbar(path: Path) -> str:
    out = subprocess.run(
        [need("zbarimg"), "--quiet", "--raw", str(path)], capture_output=True, text=True, timeout=30, check=False
    )
    assert out.returncode == 0, out.stderr
    return out.stdout.rstrip("\n")


def test_png_decodes_to_exactly_the_url(tmp_path: Path) -> None:
    path = write_qr(URL, tmp_path / "join.png")
    assert zbar(path) == URL


def test_long_public_url_with_non_latin_path_decodes(tmp_path: Path) -> None:
    url = "https://delavnica.example.si/kranj/čšž/j/" + "t" * 300
    # Non-ASCII goes in percent-encoded (what a browser sends anyway): readers guess the charset of raw bytes.
    expected = "https://delavnica.example.si/kranj/%C4%8D%C5%A1%C5%BE/j/" + "t" * 300
    assert ascii_url(url) == expected
    assert zbar(write_qr(url, tmp_path / "long.png")) == expected
    assert ascii_url("http://kulturcafé.si:8000/j/x") == "http://xn--kulturcaf-j4a.si:8000/j/x"


def test_terminal_text_is_a_readable_code(tmp_path: Path) -> None:
    """Draw the half-block text back as pixels (light-on-dark, as a terminal shows it) and let zbarimg read it."""
    text = qr_text(URL)
    lines = text.split("\n")
    assert len({len(line) for line in lines}) == 1, "every line has the same width"
    assert set(text) <= set("█▀▄ \n")
    # Invert: drawn characters are the light modules; the terminal background is dark.
    rows: list[list[bool]] = []
    for line in lines:
        rows.append([c in "█▀" for c in line])
        rows.append([c in "█▄" for c in line])
    size = len(rows[0])
    img = Image.new("L", (size + 8, len(rows) + 8), 0)  # dark terminal around the code
    for y, row in enumerate(rows):
        for x, light in enumerate(row):
            img.putpixel((x + 4, y + 4), 255 if light else 0)
    img = img.resize((img.width * 8, img.height * 8), Image.Resampling.NEAREST)
    img.save(tmp_path / "terminal.png")
    assert zbar(tmp_path / "terminal.png") == URL


def test_text_matches_the_matrix_and_has_its_quiet_zone() -> None:
    matrix = qr_matrix(URL, border=2)
    lines = qr_text(URL, invert=False).split("\n")
    assert len(lines) == (len(matrix) + 1) // 2
    # The quiet zone: the first line and the first two columns are blank when dark modules are drawn.
    assert lines[0].strip() == ""
    assert all(line[:2] == "  " for line in lines)
    top = [c in "█▀" for c in lines[1]]
    assert top == matrix[2]


def test_svg_has_the_same_modules_as_the_matrix(tmp_path: Path) -> None:
    path = write_qr(URL, tmp_path / "join.svg")
    svg = path.read_text(encoding="utf-8")
    assert svg.startswith("<?xml") and 'fill="#fff"' in svg
    matrix = qr_matrix(URL)
    drawn = [[False] * len(matrix) for _ in matrix]
    for x, y, w in re.findall(r"M(\d+) (\d+)h(\d+)v1h-\d+z", svg):
        for i in range(int(w)):
            drawn[int(y)][int(x) + i] = True
    assert drawn == matrix


def test_too_long_for_any_qr_version_is_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(ToolkitError, match="too long for a QR code"):
        write_qr("http://x/" + "a" * 4000, tmp_path / "big.png")
    with pytest.raises(ToolkitError, match="too long"):
        qr_svg("http://x/" + "é" * 3000)
    assert not list(tmp_path.iterdir())


def test_unknown_file_type_and_missing_folder_are_refused(tmp_path: Path) -> None:
    with pytest.raises(ToolkitError, match=r"\.png or \.svg"):
        write_qr(URL, tmp_path / "join.jpg")
    with pytest.raises(ToolkitError, match="does not exist"):
        write_qr(URL, tmp_path / "nowhere" / "join.png")
