"""The error a reader raises when a file cannot be read; the CLI turns it into a ``read`` finding."""


class ReadError(Exception):
    """A file could not be read; the message says why in words a user understands."""

    def __init__(self, path: str, reason: str) -> None:
        super().__init__(f"{path}: {reason}")
        self.path = path
        self.reason = reason
