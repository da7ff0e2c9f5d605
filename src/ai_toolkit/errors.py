"""Errors a user may see. Each carries a stable ``code`` so the web can say it in the participant's language."""

from __future__ import annotations


class ToolkitError(Exception):
    """Base of every error we show to a person as one clear line (never a traceback)."""

    code = "error"

    def __init__(self, message: str, *, code: str | None = None, **params: object) -> None:
        super().__init__(message)
        self.message = message
        if code:
            self.code = code
        self.params = params

    def __str__(self) -> str:
        return self.message


class NotFound(ToolkitError):
    """An id, prefix, plan or file that does not exist."""

    code = "not_found"


class Refused(ToolkitError):
    """A rule of the method or a limit says no; nothing was changed."""

    code = "refused"


class StoreError(ToolkitError):
    """The database or the sessions folder cannot be used (locked, read-only, damaged, missing)."""

    code = "store"
