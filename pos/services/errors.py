"""Errors the services raise for the UI to show; ``code`` picks the translated message."""

from __future__ import annotations


class ServiceError(RuntimeError):
    code = "service_error"

    def __init__(self, code: str, message: str, **details: object) -> None:
        super().__init__(message)
        self.code = code
        self.details = details
