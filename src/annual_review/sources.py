"""The licence and sources every published file names (downloads and the API), and the
demonstration notice: a module of its own below the apps, so that the API and the open data both
read it without importing each other."""

from dataclasses import dataclass


@dataclass(frozen=True)
class Source:
    title: str
    path: str
    licence: str


LICENCE_ID = "OGL-UK-3.0"
LICENCE_TITLE = "Open Government Licence v3.0"
LICENCE_URL = "https://www.nationalarchives.gov.uk/doc/open-government-licence/version/3/"

SOURCES = (
    Source(
        title="Decisions, recommendations and compliance outcomes recorded by the Ombudsman",
        path="",
        licence=LICENCE_ID,
    ),
    Source(
        title=(
            "Register of councils: mySociety, uk_local_authority_names_and_codes (v1.6.1), "
            "CC-BY-4.0"
        ),
        path="https://github.com/mysociety/uk_local_authority_names_and_codes",
        licence="CC-BY-4.0",
    ),
    Source(
        title=(
            "Codes and population estimates: Office for National Statistics, "
            "Open Government Licence v3.0"
        ),
        path="https://www.ons.gov.uk/",
        licence=LICENCE_ID,
    ),
)

ATTRIBUTION = (
    "Contains public sector information licensed under the Open Government Licence v3.0. "
    "Register of councils derived from mySociety's uk_local_authority_names_and_codes, "
    "CC-BY-4.0. Codes and population estimates: Office for National Statistics, OGL v3.0."
)
DEMO_NOTICE = (
    "DEMONSTRATION DATA: these records were generated for demonstration; they are not real "
    "decisions and say nothing about any real council."
)
