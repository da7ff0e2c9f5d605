"""A phone posting while the laptop's disk is full hears "try again in a moment" (503) with its text still in the
box; once space is freed the same post goes through. Nothing it was told was saved is lost."""

from __future__ import annotations

from tests.web.conftest import Phone, main_text

from ai_toolkit.facilitation import Facilitation
from ai_toolkit.i18n import t

INTERVIEWS = 1


def test_a_full_disk_is_a_503_page_that_keeps_the_text_and_the_post_works_once_space_is_freed(
    phone: Phone, session: Facilitation
) -> None:
    session.go_to(INTERVIEWS)
    phone.join()
    assert phone.submit("/contribute", {"text": "Shranjeno prej"}).status_code == 303
    pages = session.store.db.execute("PRAGMA page_count").fetchone()[0]
    session.store.db.execute(f"PRAGMA max_page_count={pages}")  # SQLite's own "database or disk is full"
    story = "Livarna je odprla svojo halo za festival. " * 100
    refused = phone.submit("/contribute", {"text": story})
    assert refused.status_code == 503
    assert t("error.store", "en") in main_text(refused.text)
    assert story.strip() in refused.text  # still in the box: nothing typed is lost
    assert [c.text for c in session.state.contributions.values()] == ["Shranjeno prej"]
    session.store.db.execute("PRAGMA max_page_count=1073741823")  # space freed
    assert phone.submit("/contribute", {"text": story}).status_code == 303
    assert [c.text for c in session.state.contributions.values()] == ["Shranjeno prej", story.strip()]
