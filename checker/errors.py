"""User errors: bad input, bad rules, bad options. The CLI prints them on one line and exits 2.

Anything else that escapes is a bug and keeps its traceback.
"""

from __future__ import annotations


class PlancheckError(Exception):
    """An error the user can fix: what went wrong, where, and what to do."""

    exit_code = 2

    def __init__(self, message: str, *, path: str = "", line: int = 0, col: int = 0, hint: str = "") -> None:
        super().__init__(message)
        self.message = message
        self.path = path
        self.line = line
        self.col = col
        self.hint = hint

    def __str__(self) -> str:
        where = self.path
        if where and self.line:
            where += f":{self.line}"
            if self.col:
                where += f":{self.col}"
        text = f"{where}: {self.message}" if where else self.message
        if self.hint:
            text += f" ({self.hint})"
        return text


class InputError(PlancheckError):
    """A document cannot be read: missing, unreadable, wrong format, no text layer, too large."""


class RulesError(PlancheckError):
    """A rules, lexicon, units or waivers file is invalid. `errors` holds every message found."""

    def __init__(self, message: str, *, errors: list[str] | None = None, **kw: object) -> None:
        super().__init__(message, **kw)  # type: ignore[arg-type]
        self.errors = errors or [str(self)]


class UsageError(PlancheckError):
    """An option or argument is wrong."""
