"""Hostile and huge input: the minutes still come out, or one clear error, and never a corrupt file."""

from __future__ import annotations

import os
from pathlib import Path

import docx
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from lxml import etree

from ai_toolkit.errors import NotFound, ToolkitError
from ai_toolkit.model import events as ev
from ai_toolkit.model.enums import Sector
from ai_toolkit.model.session import VoteOption
from ai_toolkit.model.text import clean_forbidden
from ai_toolkit.reports import OutputError, TemplateError, wml, write_minutes
from ai_toolkit.reports.chart import bar_chart

from .conftest import ROOM, Log, doc_text, table_after

NASTY = "Before\x00NUL \x0bVT \x0cFF \x1bESC \ufffe\uffff lone\ud83d surrogate\udc00 after"
NASTY_CLEAN = "BeforeNUL VT FF ESC  lone surrogate after"


def test_forbidden_characters_and_lone_surrogates_are_dropped_not_fatal(log: Log, tmp_path: Path) -> None:
    log.add(
        ev.ParticipantJoined(participant_id="p1", name="Ana\x00 \ud800Novak", sector=Sector.SCHOOL, consent_named=True)
    )
    log.contribute(1, NASTY, participant="p1")
    log.add(ev.ThemeCreated(theme_id="t1", name="Theme\x1b one", phase="discover"))
    added = log.records[2].event
    assert isinstance(added, ev.ContributionAdded)
    log.add(ev.ContributionAssigned(contribution_id=added.contribution_id, theme_id="t1"))
    state = log.state()
    state.info = state.info.model_copy(update={"title": "Title\x0c with\ud83d form feed", "venue": "Hall\x00 B"})
    path = write_minutes(state, tmp_path / "m.docx", tz=ROOM)
    text = doc_text(path)
    assert f"“{NASTY_CLEAN}”" in text  # the quote under its theme
    assert NASTY_CLEAN in text.splitlines()  # the annex cell
    assert "Theme one" in text and "Ana Novak" in text
    d = docx.Document(str(path))
    assert d.paragraphs[0].text == "Title with form feed"
    assert d.core_properties.title == "Title with form feed"


def test_a_10000_character_story_is_kept_whole(log: Log, tmp_path: Path) -> None:
    story = ("Zgodba o livarni, čšž ČŠŽ, łęő. " * 400)[:10_000]
    log.contribute(1, story)
    path = write_minutes(log.state(), tmp_path / "m.docx", tz=ROOM)
    cell = table_after(path, "All contributions").rows[2].cells[2].text
    assert cell == story.strip()
    assert len(cell) >= 9_990


def test_5000_contributions_all_reach_the_annex(log: Log, tmp_path: Path) -> None:
    log.contribute(5000, "Contribution number {i}: the foundry opened its hall & the school came.")
    path = write_minutes(log.state(), tmp_path / "m.docx", tz=ROOM)
    rows = table_after(path, "All contributions").rows
    assert len(rows) == 1 + 1 + 5000  # header, "Discover · Appreciative interviews", the contributions
    assert rows[5001].cells[2].text == "Contribution number 4999: the foundry opened its hall & the school came."
    assert path.stat().st_size < 2_000_000


def test_names_with_quotes_ampersands_and_markup(log: Log, tmp_path: Path) -> None:
    name = "Jan \"Honza\" Novák & <Syn> 's.r.o.'"
    log.add(ev.ParticipantJoined(participant_id="p1", name=name, organisation="A&B <b>", consent_named=True))
    log.contribute(1, "Text with ]]> and &amp; and <w:t>", participant="p1")
    path = write_minutes(log.state(), tmp_path / "m.docx", tz=ROOM)
    people = table_after(path, "Participants who agreed to be named", nth=1)
    assert [c.text for c in people.rows[1].cells] == [name, "A&B <b>", "Other"]
    assert "Text with ]]> and &amp; and <w:t>" in doc_text(path)


@given(st.text(alphabet=st.characters(exclude_categories=()), max_size=60))  # surrogates and controls too
@settings(max_examples=150, suppress_health_check=[HealthCheck.too_slow], deadline=None)
def test_any_text_makes_well_formed_xml_that_reads_back(text: str) -> None:
    """Whatever a state holds, the paragraph parses and says what was written, minus what XML forbids."""
    xml = wml.paragraph(text, "Normal")
    p = etree.fromstring(f"<w:body {wml.NSDECL}>{xml}</w:body>")
    ns = {"w": wml.W_NS}
    back = ""
    for el in p.iter():
        if el.tag == f"{{{wml.W_NS}}}t":
            back += el.text or ""
        elif el.tag == f"{{{wml.W_NS}}}br":
            back += "\n"
        elif el.tag == f"{{{wml.W_NS}}}tab":
            back += "\t"
    assert p.xpath("count(.//w:p)", namespaces=ns) == 1
    assert back == clean_forbidden(text).replace("\r\n", "\n").replace("\r", "\n")


def test_missing_template_is_one_clear_error(workshop_state, tmp_path: Path) -> None:
    with pytest.raises(NotFound, match="no template .*nope.docx"):
        write_minutes(workshop_state, tmp_path / "m.docx", template=tmp_path / "nope.docx")
    assert not (tmp_path / "m.docx").exists()


@pytest.mark.parametrize(
    "content",
    [b"", b"not a zip at all", b"PK\x03\x04broken zip"],
    ids=["empty", "text", "truncated-zip"],
)
def test_broken_template_is_one_clear_error(workshop_state, tmp_path: Path, content: bytes) -> None:
    bad = tmp_path / "bad.docx"
    bad.write_bytes(content)
    with pytest.raises(TemplateError, match="is not a Word .docx file"):
        write_minutes(workshop_state, tmp_path / "m.docx", template=bad)
    assert not (tmp_path / "m.docx").exists()


def test_a_zip_that_is_not_a_word_file(workshop_state, tmp_path: Path) -> None:
    import zipfile

    bad = tmp_path / "sheet.docx"
    with zipfile.ZipFile(bad, "w") as z:
        z.writestr("[Content_Types].xml", "<Types/>")
        z.writestr("hello.txt", "hi")
    with pytest.raises(TemplateError):
        write_minutes(workshop_state, tmp_path / "m.docx", template=bad)
    folder = tmp_path / "dir.docx"
    folder.mkdir()
    with pytest.raises(TemplateError, match="is a folder"):
        write_minutes(workshop_state, tmp_path / "m.docx", template=folder)


def test_unwritable_output_is_one_clear_error_and_leaves_nothing(workshop_state, tmp_path: Path) -> None:
    a_file = tmp_path / "plain.txt"
    a_file.write_text("x")
    with pytest.raises(OutputError, match="is not a folder"):
        write_minutes(workshop_state, a_file / "m.docx")
    with pytest.raises(OutputError, match="does not exist"):
        write_minutes(workshop_state, tmp_path / "missing" / "m.docx")
    if os.geteuid() == 0:
        locked = Path("/sys")  # root may write anywhere else; sysfs refuses new files even to root
    else:
        locked = tmp_path / "locked"
        locked.mkdir()
        locked.chmod(0o555)
    with pytest.raises(OutputError, match="cannot write"):
        write_minutes(workshop_state, locked / "m.docx")
    assert isinstance(OutputError("x"), ToolkitError)


def test_a_failed_write_keeps_the_last_good_minutes(workshop_state, tmp_path: Path, monkeypatch) -> None:
    target = tmp_path / "minutes-en.docx"
    write_minutes(workshop_state, target)
    good = target.read_bytes()

    def explode(self, stream) -> None:
        stream.write(b"half a file")
        raise OSError(28, "No space left on device")

    monkeypatch.setattr("docx.document.Document.save", explode)
    with pytest.raises(OutputError, match="No space left on device"):
        write_minutes(workshop_state, target)
    assert target.read_bytes() == good
    assert [p.name for p in tmp_path.iterdir() if p.is_file()] == ["minutes-en.docx"]  # no temporary file left


def test_output_may_be_a_folder(workshop_state, tmp_path: Path) -> None:
    path = write_minutes(workshop_state, tmp_path, lang="pl")
    assert path == tmp_path / "minutes-pl.docx" and path.is_file()
    assert oct(path.stat().st_mode & 0o777) == "0o644"


def test_a_vote_on_40_long_options_fits_on_a_page(log: Log, tmp_path: Path) -> None:
    long = "Prowokacyjne stwierdzenie o halach fabrycznych i twórcach, bardzo długie i szczegółowe {i} " * 3
    options = [VoteOption(id=f"o{i}", label=long.format(i=i)[:200]) for i in range(40)]
    log.add(ev.VoteOpened(vote_id="v1", title="Dot-vote", phase="design", options=options, dots=3))
    for p in range(12):
        log.add(ev.ParticipantJoined(participant_id=f"p{p}"))
        log.add(ev.BallotCast(vote_id="v1", participant_id=f"p{p}", dots={f"o{p}": 2, "o39": 1}))
    path = write_minutes(log.state(), tmp_path / "m.docx", tz=ROOM)
    table = table_after(path, "Dot-vote", nth=1)
    assert len(table.rows) == 41  # every option in the table
    assert [c.text for c in table.rows[1].cells][2:] == ["12", "33%"]  # o39 got a dot from everyone
    shape = docx.Document(str(path)).inline_shapes[0]
    assert shape.height.cm < 20 and shape.width.cm <= 15.01  # 15 bars at most: the chart stays on one page
    assert "Dots per option: Dot-vote (1–15)" in doc_text(path)


def test_bar_chart_with_no_dots_and_huge_words() -> None:
    png = bar_chart(["x" * 500, "", "č š ž ł ę ő"], [0, 0, 0])
    assert png.startswith(b"\x89PNG")
