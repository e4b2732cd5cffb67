"""The path converter every address's text part uses: anything but a slash or a control
character. No code, year, reference, file name or token holds one, and PostgreSQL refuses a NUL
in a query, so such an address matches no page and is the site's (or the API's) 404 instead of
an error (Django's `str` converter lets them through)."""

from django.urls import register_converter

SEGMENT = "segment"


class SegmentConverter:
    regex = r"[^/\x00-\x1f\x7f]+"

    def to_python(self, value: str) -> str:
        return value

    def to_url(self, value: str) -> str:
        return value


# Registered when a URLconf imports this module (each one that uses `<segment:...>` does).
register_converter(SegmentConverter, SEGMENT)
