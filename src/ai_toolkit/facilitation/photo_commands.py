"""The service's photo commands: store a finished JPEG and record it, caption, hide, withdraw (and delete).

The web hands over a JPEG it has already made clean (``ai_toolkit.imaging``); the service checks it again
(``photo_files.inspect``: a clean JPEG within the size), decides (``decisions/photos.py``) and, under the same
write lock as the event, stores the file. A withdrawal deletes the file once the withdrawal is on disk, again under
the write lock and only if no identical upload still uses it: no other process can add the same file in between.
"""

from __future__ import annotations

import logging

from ai_toolkit.errors import ToolkitError
from ai_toolkit.facilitation import checks
from ai_toolkit.facilitation.change import Change
from ai_toolkit.facilitation.decisions import photos
from ai_toolkit.facilitation.photo_files import PhotoFiles, inspect
from ai_toolkit.facilitation.recording import Recorder, result
from ai_toolkit.model import events as ev
from ai_toolkit.model.enums import Source
from ai_toolkit.model.session import Photo, SessionState
from ai_toolkit.store.sessions import discard_minutes

log = logging.getLogger(__name__)


class PhotoCommands(Recorder):
    @property
    def photo_files(self) -> PhotoFiles:
        """The session's ``photos`` folder (adapters read a photo's file through it)."""
        return PhotoFiles(self.folder)

    def add_photo(
        self,
        jpeg: bytes,
        *,
        caption: str = "",
        source: Source | str = Source.FACILITATOR,
        participant_id: str | None = None,
        activity_id: str | None = None,
        client_id: str | None = None,
    ) -> Photo:
        """Record a photo (a clean JPEG, see ``photo_files.inspect``) in the current activity, or, from the
        facilitator, in ``activity_id`` if it has run. ``activity_id`` from a phone is the activity its page showed:
        a photo is refused rather than filed under a question its sender never saw."""
        note = checks.text(caption, "caption", checks.MAX_CAPTION, required=False)
        src = Source(source)
        stored = inspect(jpeg)
        pid = checks.new_id("photo")
        files = self.photo_files

        def decide(s: SessionState) -> Change:
            made = photos.add(
                s,
                photo_id=pid,
                stored=stored,
                caption=note,
                source=src,
                participant_id=participant_id,
                activity_id=activity_id,
            )
            files.put(stored, jpeg)  # under the write lock, after the rules said yes
            return made

        rec = self._commit(decide, client_id, undoable=src == Source.FACILITATOR)
        return self.state.photos[result(rec, ev.PhotoAdded).photo_id]

    def caption_photo(
        self, photo_id: str, caption: str, *, by_participant: str | None = None, client_id: str | None = None
    ) -> Photo:
        note = checks.text(caption, "caption", checks.MAX_CAPTION, required=False)
        self._commit(
            lambda s: photos.caption(s, photo_id, note, by_participant=by_participant),
            client_id,
            undoable=by_participant is None,
        )
        return self.state.photos[photo_id]

    def hide_photo(self, photo_id: str, hidden: bool = True) -> Photo:
        """The facilitator hides a photo from the wall and the minutes (its file is kept), or shows it again."""
        self._commit(lambda s: photos.hide(s, photo_id, hidden))
        return self.state.photos[photo_id]

    def withdraw_photo(self, photo_id: str, *, by_participant: str) -> Photo:
        """Its sender takes it back: final. The file goes once the withdrawal is saved."""
        self._commit(lambda s: photos.withdraw(s, photo_id, by_participant=by_participant), undoable=False)
        photo = self.state.photos[photo_id]
        sha = photo.sha256
        self.after_commit(lambda: self._drop_file(sha))
        discard_minutes(self.folder)  # they may show the photo
        return photo

    def _drop_file(self, sha256: str) -> None:
        """Delete a file no photo needs any more, under the write lock, after catching up with other processes."""
        with self._lock:
            with self.store.transaction():
                seen = self._catch_up()
                if not photos.file_in_use(self.state, sha256):
                    self.photo_files.delete(sha256)
        self._notify(seen)

    def tidy_photo_files(self) -> int:
        """Delete the files of withdrawn photos that are still on disk (a crash between the withdrawal and the
        deletion); returns how many. Nothing to do costs a few ``stat`` calls and takes no lock."""
        files = self.photo_files
        left = {p.sha256 for p in self.state.photos.values() if p.withdrawn} & set(files.stored())
        gone = 0
        for sha in left:
            if photos.file_in_use(self.state, sha):
                continue
            try:
                self._drop_file(sha)
                gone += 1
            except ToolkitError as exc:
                log.warning("could not delete a withdrawn photo's file: %s", exc.message)
        return gone
