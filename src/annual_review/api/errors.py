"""Errors the API answers with a JSON body and an HTTP status instead of a page."""


class ApiError(Exception):
    """Something the client asked for that the API cannot give; `status` is the HTTP status."""

    status = 400

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class BadRequest(ApiError):
    """A query parameter that does not parse or is not allowed (400)."""

    status = 400


class NotFound(ApiError):
    """No such resource, or it belongs to a year that is not yet published (404)."""

    status = 404


class Busy(ApiError):
    """Too many searches are running in this process at once: retry in a moment (503)."""

    status = 503
