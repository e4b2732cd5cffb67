"""The one letter model: everything a letter says, built once and rendered as HTML, PDF or text."""

import hashlib
import json
from dataclasses import asdict, dataclass
from datetime import date
from functools import cached_property
from typing import Any, Literal

BlockKind = Literal["heading", "paragraph", "bullets", "callout", "note"]


@dataclass(frozen=True)
class Inline:
    """A run of text with its emphasis; `href` makes it a link."""

    text: str
    strong: bool = False
    emphasis: bool = False
    href: str = ""


@dataclass(frozen=True)
class Block:
    """A block of the letter.

    heading and paragraph use `inlines`; bullets use `items` (one run of inlines per item);
    callout is a large `figure` with `inlines` as its label ("1" / "upheld decision"); note is a
    paragraph set apart as advice.
    """

    kind: BlockKind
    inlines: tuple[Inline, ...] = ()
    items: tuple[tuple[Inline, ...], ...] = ()
    figure: str = ""


@dataclass(frozen=True)
class Bar:
    label: str
    value: float
    value_text: str
    average: bool = False


@dataclass(frozen=True)
class Chart:
    """A small bar chart of the organisation against its group; `alt` is its text alternative."""

    measure: str
    bars: tuple[Bar, ...]
    maximum: float
    alt: str


@dataclass(frozen=True)
class StatisticsSection:
    key: str
    heading: str
    blocks: tuple[Block, ...]
    chart: Chart | None


@dataclass(frozen=True)
class Recipient:
    lines: tuple[str, ...]
    salutation: str


@dataclass(frozen=True)
class Signatory:
    name: str
    titles: tuple[str, ...]


@dataclass(frozen=True)
class Letter:
    """An organisation's annual review letter for one reporting year, ready to render."""

    organisation_code: str
    gss_code: str
    slug: str
    organisation_name: str
    year: str
    period_text: str
    title: str
    date: date
    ombudsman: str
    recipient: Recipient
    copied_to: tuple[str, ...]
    narrative: tuple[Block, ...]
    organisation_paragraph: tuple[Block, ...]
    signatory: Signatory
    statistics_heading: str
    sections: tuple[StatisticsSection, ...]
    demonstration: bool
    statistics_sha256: str
    template_version: str
    banner: str = ""
    language: str = "en-GB"
    # Where the public site serves the letter's font (".../static/letters/fonts/"), so that the
    # standalone HTML letter is shown in it where it can be fetched; "" without a site address.
    fonts_url: str = ""

    @property
    def date_text(self) -> str:
        return f"{self.date.day} {self.date:%B %Y}"

    @property
    def document_title(self) -> str:
        """The title a PDF reader or browser tab shows."""
        return f"{self.title}: {self.organisation_name}"

    @property
    def file_stem(self) -> str:
        """File names start with the GSS code so that they sort and match official lists."""
        return f"{self.gss_code or self.organisation_code}-{self.slug}"

    def as_dict(self) -> dict[str, Any]:
        """Plain data (JSON-ready) with the derived texts the renderers need."""
        data = asdict(self)
        data["date"] = self.date.isoformat()
        data["date_text"] = self.date_text
        data["document_title"] = self.document_title
        return data

    # Cached: a batch needs the JSON and checksum of each letter several times. (A frozen
    # dataclass still has an instance __dict__, which is where cached_property keeps them.)
    @cached_property
    def json_text(self) -> str:
        return json.dumps(self.as_dict(), sort_keys=True, ensure_ascii=False)

    def as_json(self) -> str:
        return self.json_text

    @cached_property
    def sha256(self) -> str:
        """A checksum of everything the letter says: equal checksums, equal letters."""
        return hashlib.sha256(self.as_json().encode()).hexdigest()
