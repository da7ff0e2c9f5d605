"""Open the room's wall in the laptop's browser, from the facilitator's screen, without ever disturbing it.

``webbrowser`` picks the laptop's browser, but two of its habits would break a terminal app: without a desktop it
falls back to a console browser (lynx, w3m, elinks) that would take over the very terminal the facilitator is
using, and a desktop browser started from here inherits the terminal and writes its warnings across the screen. So
the choice is made here and a console browser is refused ("no browser", and the address to open by hand), and the
browser is started by a short child process with no terminal at all (its own session, every stream to
``/dev/null``). The app calls ``open_in_browser`` in a worker thread: a slow browser start never blocks a key.
"""

from __future__ import annotations

import subprocess
import sys
import webbrowser

START_SECONDS = 20
"""How long a browser may take to say it opened the page (a cold start on an old laptop) before it counts as not."""

_OPEN = """
import sys, webbrowser
try:
    browser = webbrowser.get(sys.argv[1])
except webbrowser.Error:
    browser = webbrowser.get()
sys.exit(0 if browser.open(sys.argv[2], new=1) else 1)
"""


def usable_browser() -> str | None:
    """The name of the browser ``webbrowser`` would use, if it is one with a window of its own; None if there is
    none, or only a console browser (it would take over the facilitator's terminal)."""
    try:
        browser = webbrowser.get()
    except webbrowser.Error:
        return None
    if isinstance(browser, webbrowser.GenericBrowser) and not isinstance(browser, webbrowser.BackgroundBrowser):
        return None  # lynx, w3m, links, www-browser, or a $BROWSER command: run in the foreground, in this terminal
    if isinstance(browser, webbrowser.UnixBrowser) and not browser.background:
        return None  # elinks
    return str(getattr(browser, "name", "") or type(browser).__name__)


def open_in_browser(url: str) -> str | None:
    """Open ``url`` in the laptop's browser; the browser's name if it said it did, else None. Blocks (a worker)."""
    name = usable_browser()
    if name is None:
        return None
    try:
        done = subprocess.run(
            [sys.executable, "-c", _OPEN, name, url],
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            start_new_session=True,
            timeout=START_SECONDS,
            check=False,
        )
    except (OSError, subprocess.TimeoutExpired):
        return None
    return name if done.returncode == 0 else None
