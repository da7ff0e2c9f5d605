"""What the phones show when the session has ended: the results, and the minutes once the facilitator wrote them.

The phone promised that the minutes would reach the participants; the last page keeps that promise in the
participant's language: the positive core, the propositions the room put first, the action plan (people named
only as they agreed), and a download of the minutes from the session's folder. The rankings are the ones the
minutes' summary shows (``model.outcomes``).

The PDF is made by LibreOffice, where it is installed, from the .docx the facilitator wrote: once, however many
phones ask at the same moment, and again only when the minutes are rewritten.
"""

from __future__ import annotations

import asyncio
import contextlib
import getpass
import logging
import os
import shutil
import subprocess
import tempfile
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from babel.numbers import format_percent

from ai_toolkit.facilitation.decisions.naming import carried_by
from ai_toolkit.i18n import LANGUAGES, babel_locale
from ai_toolkit.i18n.sectors import sector_label
from ai_toolkit.model.enums import Phase
from ai_toolkit.model.outcomes import action_plan, theme_strengths, top_propositions
from ai_toolkit.model.session import SessionState
from ai_toolkit.paths import minutes_file
from ai_toolkit.web.render import Labels

try:
    import fcntl
except ImportError:  # Windows: no advisory lock of this kind; conversions of two servers may then meet
    fcntl = None  # type: ignore[assignment]

log = logging.getLogger(__name__)

CORE_SHOWN = 8
ACTIONS_SHOWN = 30
"""A phone shows the action plan, not a spreadsheet: the minutes hold the rest."""
PDF_SECONDS = 120
DOCX_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def minutes_for(folder: Path, lang: str, session_lang: str) -> Path | None:
    """The minutes the facilitator wrote: in the reader's language if there, else the session's, else any.

    Only files named by the minutes command in the session's own folder; a name that leads elsewhere (a link)
    is not served.
    """
    order = [lang, session_lang] + [code for code in LANGUAGES if code not in (lang, session_lang)]
    home = folder.resolve()
    for code in order:
        path = minutes_file(folder, code)
        try:
            if path.is_file() and not path.is_symlink() and path.resolve().parent == home:
                return path
        except OSError:
            continue
    return None


def soffice() -> str | None:
    return shutil.which("soffice") or shutil.which("libreoffice")


def _kb(path: Path) -> int:
    return max(1, round(path.stat().st_size / 1000))


def results(s: SessionState, lang: str, folder: Path) -> dict[str, Any]:
    """The template's context for the last page: the results, and what of the minutes can be downloaded."""
    L = Labels(lang)
    locale = babel_locale(lang)
    core = [t.theme.name for t in theme_strengths(s, Phase.DISCOVER)][:CORE_SHOWN]
    propositions = [
        (
            r.proposition.text,
            L("web.results.share", share=format_percent(r.share, locale=locale)) if r.dots and r.share else "",
        )
        for r in top_propositions(s, 3)
    ]
    actions = []
    for c in action_plan(s)[:ACTIONS_SHOWN]:
        who = carried_by(s, c, lambda sector: sector_label(s.plan, sector, lang))  # as consented (naming)
        actions.append({"what": c.what, "who": who, "when": L.date(c.by_when) if c.by_when else ""})
    docx = minutes_for(folder, lang, s.info.language)
    return {
        "core": core,
        "propositions": propositions,
        "actions": actions,
        "more_actions": max(0, len(action_plan(s)) - ACTIONS_SHOWN),
        "minutes_kb": _kb(docx) if docx is not None else 0,
        "minutes_pdf": docx is not None and soffice() is not None,
    }


class PdfMaker:
    """Makes ``minutes-xx.pdf`` next to ``minutes-xx.docx``, one conversion at a time for this server.

    The waiting happens in worker threads (a thread lock, not the event loop's): the server's loop keeps serving
    the other phones while LibreOffice works, and the maker needs no particular loop.
    """

    def __init__(self) -> None:
        self._lock = threading.Lock()

    @staticmethod
    def fresh(docx: Path) -> Path | None:
        pdf = docx.with_suffix(".pdf")
        try:
            return pdf if pdf.stat().st_mtime_ns >= docx.stat().st_mtime_ns else None
        except OSError:
            return None

    async def pdf(self, docx: Path) -> Path | None:
        """The PDF of ``docx``, made now if it is missing or older than the .docx; ``None`` if it cannot be made."""
        return self.fresh(docx) or await asyncio.to_thread(self._make, docx)

    def _make(self, docx: Path) -> Path | None:
        with self._lock:  # thirty phones at once: the first converts, the others find its result
            done = self.fresh(docx)
            if done is None:
                convert(docx)
                done = self.fresh(docx)
            return done


def _user() -> str:
    """Whose LibreOffice profile: one per user of the laptop (Windows has no uid)."""
    try:
        name = getpass.getuser()
    except (OSError, KeyError, ImportError):
        return "user"
    return "".join(ch for ch in name if ch.isalnum()) or "user"


@contextlib.contextmanager
def _one_at_a_time(profile: Path, seconds: float) -> Iterator[None]:
    """Hold the LibreOffice profile against every other process of this user (another session's server on the
    same laptop). Two LibreOffices started on one profile at the same moment do not both convert: the second exits
    1 without a PDF (seen with two conversions at once), so that phone would get no PDF. The operating system drops
    the lock when a process ends, however it ends."""
    if fcntl is None:
        yield
        return
    try:
        handle = open(f"{profile}.lock", "ab")  # held until the conversion is done
    except OSError:  # a temporary folder we cannot write in: LibreOffice will not work there either
        yield
        return
    with handle:
        deadline = time.monotonic() + seconds
        while True:
            try:
                fcntl.flock(handle.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except OSError:
                if time.monotonic() > deadline:
                    break  # the other one is stuck: try anyway, as before the lock
                time.sleep(0.1)
        yield


def convert(docx: Path) -> None:
    """LibreOffice writes the PDF into a folder of its own; one rename puts it next to the .docx."""
    program = soffice()
    if program is None:
        return
    profile = Path(tempfile.gettempdir()) / f"ai-toolkit-lo-{_user()}"  # LibreOffice's settings, kept between runs
    # Beside the .docx, so the finished PDF moves into place with one rename on the same file system.
    with tempfile.TemporaryDirectory(prefix=".pdf-", dir=docx.parent) as out, _one_at_a_time(profile, PDF_SECONDS):
        try:
            subprocess.run(
                [
                    program,
                    f"-env:UserInstallation={profile.resolve().as_uri()}",
                    "--headless",
                    "--convert-to",
                    "pdf",
                    "--outdir",
                    out,
                    str(docx),
                ],
                capture_output=True,
                timeout=PDF_SECONDS,
                check=False,
            )
        except (OSError, subprocess.TimeoutExpired) as exc:
            log.warning("LibreOffice did not convert %s: %s", docx.name, exc)
            return
        made = Path(out) / docx.with_suffix(".pdf").name
        if made.is_file() and made.stat().st_size > 0:
            os.replace(made, docx.with_suffix(".pdf"))
        else:
            log.warning("LibreOffice made no PDF of %s", docx.name)


PDFS = PdfMaker()
