"""The room's photos in the Word minutes: under their activity, two per row, upright, captioned, listed in the annex;
and LibreOffice draws them on the page."""

from __future__ import annotations

import io
import subprocess
import zipfile
from pathlib import Path

import docx
import pytest
from docx.oxml.ns import qn
from PIL import Image
from tests import photo_samples as samples
from tests.conftest import need
from tests.reports.conftest import doc_text, headings, table_after

from ai_toolkit.facilitation import Facilitation
from ai_toolkit.imaging import prepare
from ai_toolkit.model.enums import Source
from ai_toolkit.reports import write_minutes

INTERVIEWS, DREAMS = 1, 3


@pytest.fixture
def photographed(session: Facilitation) -> Facilitation:
    """Interviews: three photos (one sent sideways, one from a named participant); Dreams: two identical uploads and
    a hidden one; one withdrawn photo."""
    session.go_to(INTERVIEWS)
    maja = session.join(name="Maja Kovač", sector="creative", consent_named=True).id
    luka = session.join(name="Luka", sector="company").id  # did not agree to be named
    session.add_photo(prepare(samples.gps_jpeg()), caption="Skupina 1", source=Source.PARTICIPANT, participant_id=maja)
    session.add_photo(
        prepare(samples.sideways_jpeg()), caption="Skupina 2", source=Source.PARTICIPANT, participant_id=luka
    )
    session.add_photo(prepare(samples.transparent_png()), source=Source.PARTICIPANT, participant_id=luka)
    gone = session.add_photo(prepare(samples.animated_gif()), source=Source.PARTICIPANT, participant_id=luka)
    session.withdraw_photo(gone.id, by_participant=luka)
    session.go_to(DREAMS)
    twin = prepare(samples.jpeg(samples.flipchart(1600, 1200, seed=4)))
    session.add_photo(twin, caption="Naslovnica 2030", source=Source.PARTICIPANT, participant_id=maja)
    session.add_photo(twin, caption="Naslovnica 2030 (again)", source=Source.PARTICIPANT, participant_id=maja)
    hidden = session.add_photo(prepare(samples.heic()), caption="A blurred one")
    session.hide_photo(hidden.id)
    return session


@pytest.fixture
def minutes(photographed: Facilitation, tmp_path: Path) -> Path:
    return write_minutes(photographed.state, tmp_path / "minutes.docx", folder=photographed.folder, lang="en")


def pictures_in(table) -> list[bytes]:
    """The image bytes each cell of a photo table shows, in reading order."""
    part = table.part
    found = []
    for blip in table._tbl.iter(qn("a:blip")):
        found.append(part.related_parts[blip.get(qn("r:embed"))].blob)
    return found


def test_each_activitys_photos_stand_under_it_two_per_row_with_captions(minutes: Path) -> None:
    heads = [text for _, text in headings(minutes)]
    interviews, dreams = heads.index("Photos: Appreciative interviews"), heads.index("Photos: Dreams")
    assert heads.index("Discover: the positive core") < interviews < heads.index("Dream: what could be") < dreams
    grid = table_after(minutes, "Photos: Appreciative interviews")
    assert [len(row.cells) for row in grid.rows] == [2, 2]  # three photos: two rows, the last half empty
    cells = [c.text.strip() for row in grid.rows for c in row.cells]
    assert cells == [
        "Photo 1: Skupina 1 (Maja Kovač, Creative community)",
        "Photo 2: Skupina 2 (Company or industry)",  # not named: he did not agree
        "Photo 3 (Company or industry)",
        "",
    ]
    assert all(row._tr.trPr is not None and row._tr.trPr.find(qn("w:cantSplit")) is not None for row in grid.rows)
    dreams_grid = table_after(minutes, "Photos: Dreams")
    assert [c.text.strip() for c in dreams_grid.rows[0].cells] == [
        "Photo 4: Naslovnica 2030 (Maja Kovač, Creative community)",
        "Photo 5: Naslovnica 2030 (again) (Maja Kovač, Creative community)",
    ]
    text = doc_text(minutes)
    assert "A blurred one" not in text  # hidden
    assert "Photo 6" not in text


def test_the_pictures_are_upright_scaled_and_without_metadata(minutes: Path) -> None:
    grid = table_after(minutes, "Photos: Appreciative interviews")
    first, sideways, flattened = (Image.open(io.BytesIO(b)) for b in pictures_in(grid))
    assert sideways.size[1] > sideways.size[0]  # portrait, as the phone was held
    assert samples.rgb(sideways, (sideways.width // 2, 5))[0] > 180  # the red top edge on top
    assert min(samples.rgb(flattened, (2, 2))) > 240
    for im in (first, sideways, flattened):
        assert not im.getexif() and "icc_profile" not in im.info
    d = docx.Document(str(minutes))
    section = d.sections[-1]
    assert section.page_width is not None and section.left_margin is not None and section.right_margin is not None
    half = (section.page_width - section.left_margin - section.right_margin) / 2
    for extent in grid._tbl.iter(qn("wp:extent")):
        assert int(extent.get("cx")) <= half and int(extent.get("cy")) <= 9 * 360_000
    descriptions = [p.get("descr") for p in grid._tbl.iter(qn("wp:docPr"))]
    assert descriptions[0] == "Photo 1 of the activity “Appreciative interviews”: Skupina 1"
    ids = [p.get("id") for p in d.element.body.iter(qn("wp:docPr"))]
    assert len(ids) == len(set(ids))  # every drawing has its own id (Word refuses duplicates)


def test_identical_uploads_are_one_picture_in_the_file_shown_twice(minutes: Path) -> None:
    grid = table_after(minutes, "Photos: Dreams")
    twice = pictures_in(grid)
    assert len(twice) == 2 and twice[0] == twice[1]
    with zipfile.ZipFile(minutes) as z:
        media = [n for n in z.namelist() if n.startswith("word/media/")]
    assert len(media) == 4  # four different photos (no vote, so no chart): the twins share one part


def test_the_annex_lists_every_photo_and_says_what_was_left_out(minutes: Path) -> None:
    annex = table_after(minutes, "Photos")
    rows = [[c.text for c in row.cells] for row in annex.rows]
    assert rows[0] == ["No.", "Activity", "Caption", "Sent by", "Time"]
    assert [r[:4] for r in rows[1:]] == [
        ["1", "Appreciative interviews", "Skupina 1", "Maja Kovač, Creative community"],
        ["2", "Appreciative interviews", "Skupina 2", "Company or industry"],
        ["3", "Appreciative interviews", "–", "Company or industry"],
        ["4", "Dreams", "Naslovnica 2030", "Maja Kovač, Creative community"],
        ["5", "Dreams", "Naslovnica 2030 (again)", "Maja Kovač, Creative community"],
    ]
    text = doc_text(minutes)
    assert "Photos hidden by the facilitator or withdrawn by their senders, and left out here: 2." in text
    assert "Photos were stored without their metadata" in text
    glance = table_after(minutes, "At a glance")
    assert ["Photos", "5"] in [[c.text for c in row.cells] for row in glance.rows]


def test_a_photo_whose_file_is_not_here_is_a_note_not_a_hole(photographed: Facilitation, tmp_path: Path) -> None:
    out = write_minutes(photographed.state, tmp_path / "elsewhere.docx", lang="sl")  # no folder: no files
    grid = table_after(out, "Fotografije: Apreciativni intervjuji")
    assert pictures_in(grid) == []
    assert "Fotografija 1: datoteke ni na tem prenosniku" in grid.rows[0].cells[0].text


def test_minutes_without_photos_say_nothing_about_photos(session: Facilitation, tmp_path: Path) -> None:
    session.go_to(INTERVIEWS)
    session.add_contribution("A story")
    out = write_minutes(session.state, tmp_path / "m.docx", folder=session.folder, lang="en")
    text = doc_text(out)
    assert "Photos:" not in text and "Photo 1" not in text and "stored without their metadata" not in text
    assert ["Photos", "0"] in [[c.text for c in row.cells] for row in table_after(out, "At a glance").rows]


@pytest.mark.document
def test_libreoffice_draws_the_photos_on_the_page(minutes: Path, tmp_path: Path) -> None:
    soffice, pdftoppm, pdftotext = need("soffice"), need("pdftoppm"), need("pdftotext")
    subprocess.run(
        [soffice, "--headless", "--convert-to", "pdf", "--outdir", str(tmp_path), str(minutes)],
        capture_output=True,
        timeout=240,
        check=False,
        env={"HOME": str(tmp_path), "PATH": "/usr/bin:/bin"},
    )
    pdf = tmp_path / "minutes.pdf"
    assert pdf.is_file(), "LibreOffice wrote no PDF"
    pages = subprocess.run([pdftotext, "-layout", str(pdf), "-"], capture_output=True, text=True, check=True)
    texts = pages.stdout.split("\f")
    page = next(i for i, t in enumerate(texts, start=1) if "Photo 1: Skupina 1" in t)
    subprocess.run(
        [pdftoppm, "-png", "-r", "50", "-f", str(page), "-l", str(page), str(pdf), str(tmp_path / "p")], check=True
    )
    (png,) = tmp_path.glob("p-*.png")
    im = Image.open(png).convert("RGB")
    pixels = list(im.tobytes()[i : i + 3] for i in range(0, im.width * im.height * 3, 3))
    reds = sum(1 for r, g, b in pixels if r > 180 and g < 60 and b < 60)
    blues = sum(1 for r, g, b in pixels if b > 150 and r < 60 and g < 120)
    assert reds > 500 and blues > 500, (reds, blues)  # the flipcharts' red bars, the PNG's blue disc: drawn
