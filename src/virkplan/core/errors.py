"""Domain errors that services raise and views, commands and the API report."""


class DomainError(Exception):
    """A rule of the domain refused the change; the message is for the user."""

    def __init__(self, message: str, *, errors: list[str] | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.errors = errors or []


class NotAllowed(DomainError):
    """The user's roles do not allow the change."""


class EditConflict(DomainError):
    """Someone else changed the row since the user opened it; nothing was saved.

    `current` is the row as it is now, so the user can see both texts.
    """

    def __init__(self, message: str, *, current: object) -> None:
        super().__init__(message)
        self.current = current
