"""How organisation names and codes are normalised, so that "Bromsgrove DC" finds Bromsgrove."""

import re
import unicodedata

_PUNCTUATION = re.compile(r"[^\w\s]")
_SPACE = re.compile(r"\s+")
_NOT_SLUG = re.compile(r"[^a-z0-9]+")


def name_normalise(name: str) -> str:
    """Fold case, accents, '&' and punctuation so that name variants compare equal."""
    text = unicodedata.normalize("NFKD", name)
    text = "".join(c for c in text if not unicodedata.combining(c))
    text = text.casefold().replace("&", " and ")
    text = _PUNCTUATION.sub(" ", text.replace("'", "").replace("\u2019", ""))
    return _SPACE.sub(" ", text).strip()


# Words that say what kind of council it is; "Bromsgrove DC" and "Bromsgrove" share a core.
_KIND_SUFFIX = re.compile(
    r"(\s(metropolitan|royal|london|city|county|district|borough|mbc|lbc|dc|bc|cc|mdc|rbc|"
    r"council|of|the))+$"
)
_KIND_PREFIX = re.compile(r"^(the |london borough of |royal borough of |city of |council of the )+")


def name_core(name: str) -> str:
    """A normalised name without words for the kind of council: 'bromsgrove dc' -> 'bromsgrove'."""
    normalised = name_normalise(name)
    core = _KIND_PREFIX.sub("", _KIND_SUFFIX.sub("", normalised))
    return core or normalised


def code_normalise(code: str) -> str:
    return code.strip().upper()


def slugify_name(name: str) -> str:
    """The council's short name in lower case with hyphens: "King's Lynn" -> "kings-lynn"."""
    return name_normalise(name).replace(" ", "-")


def slug_ascii(name: str, *, fallback: str) -> str:
    """A web address from a name in any script, in ASCII: accents are dropped ("Ynys Môn" ->
    "ynys-mon"); a name with no Latin letter or digit left (Cyrillic, Welsh in Ogham...) gives
    `fallback`, the organisation's code in lower case."""
    text = name_normalise(name).encode("ascii", "ignore").decode()
    slug = _NOT_SLUG.sub("-", text).strip("-")
    return slug or fallback
