"""Errors services raise; pages, state and REST routes turn them into messages for people."""

from __future__ import annotations


class DomainError(Exception):
    """A rule of the product refused the request; ``str()`` is a message for the user."""


class ValidationFailed(DomainError):
    """Input broke one or more rules; ``errors`` maps each field to its message."""

    def __init__(self, errors: dict[str, str]) -> None:
        super().__init__("; ".join(f"{field}: {message}" for field, message in errors.items()))
        self.errors = errors

    @classmethod
    def one(cls, field: str, message: str) -> ValidationFailed:
        """A failure of a single field."""
        return cls({field: message})


class NotFound(DomainError):
    """The record does not exist, or the caller may not know that it does."""

    def __init__(self, what: str = "That record") -> None:
        super().__init__(f"{what} was not found.")


class PermissionDenied(DomainError):
    """The caller is known but may not do this."""


class RateLimited(DomainError):
    """Too many attempts; ``retry_after`` says when to try again, in seconds."""

    def __init__(self, what: str, retry_after: int) -> None:
        super().__init__(f"Too many {what}. Try again in {retry_after} second{'s' if retry_after != 1 else ''}.")
        self.retry_after = retry_after


class TooLarge(ValidationFailed):
    """A request body or an uploaded file is over its size limit (HTTP 413)."""
