"""Domain errors that services raise and views, commands and the API report."""


class DomainError(Exception):
    """A rule of the domain refused the change; the message is for the user."""

    def __init__(self, message: str, *, errors: list[str] | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.errors = errors or []
