"""Errors a user can cause, and the exit codes they map to.

Exit codes (documented in ``nicport --help`` and the README):

* 0 -- success;
* 1 -- the job ran, but something it checks failed (a build, a test, a gate);
* 2 -- bad input or usage.
"""

from __future__ import annotations

EXIT_OK = 0
EXIT_CHECK_FAILED = 1
EXIT_BAD_INPUT = 2


class NicportError(Exception):
    """A failure explained in one line; never shown as a traceback (unless --debug)."""

    exit_code = EXIT_BAD_INPUT

    def __init__(self, message: str, *, hint: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.hint = hint

    def one_line(self) -> str:
        return f"{self.message} ({self.hint})" if self.hint else self.message


class BadInput(NicportError):
    """The user gave something nicport cannot use (exit 2)."""


class UnknownDriver(BadInput):
    def __init__(self, name: str, suggestions: list[str]) -> None:
        hint = (
            "did you mean " + ", ".join(suggestions) + "?"
            if suggestions
            else "run `nicport drivers` to list the drivers found"
        )
        super().__init__(f"unknown driver '{name}'", hint=hint)
        self.name = name
        self.suggestions = suggestions


class MissingPrerequisite(BadInput):
    """A package or file nicport needs is not installed (exit 2)."""


class NotADriver(BadInput):
    """The input is C, but not a NIC driver (exit 2)."""


class CheckFailed(NicportError):
    """The job ran and a check, build, test or gate failed (exit 1)."""

    exit_code = EXIT_CHECK_FAILED
