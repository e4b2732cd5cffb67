"""A file's bytes, read a chunk at a time: its checksum, whether it holds anything, and for
a CSV whether its bytes are UTF-8 text (and if not, what the file seems to be)."""

import codecs
import hashlib
from dataclasses import dataclass
from pathlib import Path

from annual_review.imports.errors import FileRejected, RowError

NUL_BYTE = "the file contains a NUL byte, which text files never do"


UTF16 = "the file is UTF-16 or UTF-32 text; save it as 'CSV UTF-8'"


SEEMS_UTF16 = (
    "the file seems to be UTF-16 text without a byte-order mark (every other byte is zero); "
    "save it as 'CSV UTF-8'"
)


SEEMS_BINARY = "the file seems to be {what}, not a table; save the table as 'CSV UTF-8' or .xlsx"


NOT_UTF8 = "the file is not valid UTF-8 text (save it as 'CSV UTF-8')"


# Files recognised by their first bytes, to say what a refused file seems to be.
SIGNATURES = (
    (b"%PDF", "a PDF document"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "an old Office file (such as an Excel .xls workbook)"),
    (b"\x1f\x8b", "a gzip archive"),
    (b"\x89PNG", "a PNG image"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"GIF8", "a GIF image"),
    (b"7z\xbc\xaf", "a 7-Zip archive"),
    (b"Rar!", "a RAR archive"),
    (b"{\\rtf", "an RTF document"),
    (b"SQLite format 3\x00", "an SQLite database"),
)


# Bytes no text file holds (control characters other than tab, line feed and carriage return).
CONTROL_BYTES = bytes([*range(0, 9), 11, 12, *range(14, 32)])


# Byte-order marks of encodings other than UTF-8 (whose BOM is accepted and skipped).
OTHER_BOMS = (codecs.BOM_UTF32_LE, codecs.BOM_UTF32_BE, codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)


# The file is read this many bytes at a time when it is checked and hashed, and a CSV this
# many lines at a time when its rows are split: neither grows with the file.
READ_CHUNK = 1024**2


@dataclass
class FileScan:
    """What one pass over a file's bytes finds: its checksum, whether it holds anything but
    white space, and for a text file its first NUL byte (offset, line) and first byte that is
    not UTF-8 (offset)."""

    sha256: str
    blank: bool
    start: bytes
    lines: int
    nul: tuple[int, int] | None
    not_utf8: int | None


def bytes_scan(path: Path, *, text: bool) -> FileScan:
    digest = hashlib.sha256()
    blank, lines, offset = True, 0, 0
    nul: tuple[int, int] | None = None
    not_utf8: int | None = None
    carry = b""
    start = b""
    with path.open("rb") as handle:
        while chunk := handle.read(READ_CHUNK):
            digest.update(chunk)
            if not start:
                start = chunk[:4000]
            if blank and not chunk.isspace():
                blank = False
            if text:
                if nul is None and (at := chunk.find(b"\x00")) >= 0:
                    nul = (offset + at, lines + chunk.count(b"\n", 0, at) + 1)
                if not_utf8 is None:
                    # A character cut by the chunk's end is carried into the next chunk.
                    buffer = carry + chunk
                    try:
                        buffer.decode("utf-8")
                        carry = b""
                    except UnicodeDecodeError as exc:
                        if exc.end == len(buffer) and exc.reason == "unexpected end of data":
                            carry = buffer[exc.start :]
                        else:
                            not_utf8 = offset - len(carry) + exc.start
                lines += chunk.count(b"\n")
            offset += len(chunk)
    if text and not_utf8 is None and carry:
        not_utf8 = offset - len(carry)
    return FileScan(digest.hexdigest(), blank, start, lines, nul, not_utf8)


def _bytes_at(path: Path, offset: int) -> tuple[int, bytes]:
    """The line (counting line feeds before it) of the byte at `offset`, and its four bytes."""
    lines, read = 0, 0
    with path.open("rb") as handle:
        while read < offset and (chunk := handle.read(min(READ_CHUNK, offset - read))):
            lines += chunk.count(b"\n")
            read += len(chunk)
        return lines + 1, handle.read(4)


def text_check(path: Path, name: str, scan: FileScan) -> None:
    """Refuse a CSV whose bytes are not UTF-8 text, saying what the file seems to be."""
    start = scan.start
    if start.startswith(OTHER_BOMS):
        raise FileRejected(RowError(name, None, None, None, UTF16))
    for signature, what in SIGNATURES:
        if start.startswith(signature):
            raise FileRejected(RowError(name, None, None, None, SEEMS_BINARY.format(what=what)))
    if scan.nul is not None:
        even, odd = start[0::2].count(0), start[1::2].count(0)
        half = max(len(start) // 2, 1)
        if max(even, odd) >= half * 2 // 5 and min(even, odd) <= half // 20:
            # ASCII letters in UTF-16 are a letter and a zero: zeros on one side only.
            raise FileRejected(RowError(name, None, None, None, SEEMS_UTF16))
        if sum(start.count(byte) for byte in CONTROL_BYTES) >= len(start) // 20:
            raise FileRejected(
                RowError(name, None, None, None, SEEMS_BINARY.format(what="binary data"))
            )
        raise FileRejected(RowError(name, scan.nul[1], None, None, NUL_BYTE))
    if scan.not_utf8 is not None:
        # Where the "utf-8-sig" decoder puts it: counted from after a byte-order mark.
        offset = scan.not_utf8 - (3 if start.startswith(codecs.BOM_UTF8) else 0)
        line, bad = _bytes_at(path, offset)
        raise FileRejected(RowError(name, line, None, f"bytes {bad.hex(' ')}", NOT_UTF8))
