"""Writing the register: loading the bundled list of English councils, idempotently."""

import csv
from dataclasses import dataclass
from datetime import date
from importlib import resources

from django.db import transaction

from annual_review.register.models import (
    GROUP_BY_TYPE,
    Organisation,
    OrganisationCode,
    OrganisationName,
    Population,
)
from annual_review.register.names import name_normalise, slugify_name

REGISTER_SOURCE = "ONS mid-2020 estimate, via mySociety's register (CC-BY-4.0)"


@dataclass(frozen=True)
class RegisterLoadReport:
    organisations_created: int
    organisations_updated: int
    codes: int
    names: int


def _data_file(name: str) -> str:
    return resources.files("annual_review.register").joinpath("data", name).read_text("utf-8")


def _day(text: str) -> date | None:
    return date.fromisoformat(text) if text else None


@transaction.atomic
def register_load() -> RegisterLoadReport:
    """Create or update the 317 current councils and the 48 abolished since April 2019 (with
    their lifetimes and successors) from the bundled files; running it twice changes nothing."""
    current = list(csv.DictReader(_data_file("councils.csv").splitlines()))
    former = list(csv.DictReader(_data_file("former_councils.csv").splitlines()))
    created = updated = 0
    by_code: dict[str, Organisation] = {}
    slugs = dict(Organisation.objects.values_list("slug", "code"))
    for row, in_register in [(r, True) for r in current] + [(r, False) for r in former]:
        slug = slugify_name(row["short_name"])
        # An abolished council sharing a short name with its successor ("North Yorkshire")
        # takes its full name as address: north-yorkshire-county-council.
        if slugs.get(slug, row["code"]) != row["code"]:
            slug = slugify_name(row["name"])
        slugs[slug] = row["code"]
        fields = {
            "name": row["name"],
            "short_name": row["short_name"],
            "slug": slug,
            "gss_code": row["gss_code"],
            "type": row["type"],
            "comparison_group": GROUP_BY_TYPE.get(row["type"], ""),
            "region": row["region"],
            "in_register": in_register,
            "start_date": _day(row["start_date"]),
            "end_date": _day(row.get("end_date", "")),
        }
        org = Organisation.objects.filter(code=row["code"]).first()
        if org is None:
            org = Organisation.objects.create(code=row["code"], **fields)
            created += 1
        elif any(getattr(org, k) != v for k, v in fields.items()):
            for k, v in fields.items():
                setattr(org, k, v)
            org.save()
            updated += 1
        by_code[row["code"]] = org

    for row in current + former:
        org = by_code[row["code"]]
        parent = by_code.get(row["parent"]) if row["parent"] else None
        if org.parent_id != (parent.id if parent else None):
            org.parent = parent
            org.save(update_fields=["parent"])
        if row["population_2020"]:
            Population.objects.get_or_create(
                organisation=org,
                year=2020,
                defaults={"population": int(row["population_2020"]), "source": REGISTER_SOURCE},
            )
    for row in former:
        successor_ids = {by_code[c].id for c in row["successors"].split(";") if c}
        org = by_code[row["code"]]
        if set(org.successors.values_list("id", flat=True)) != successor_ids:
            org.successors.set(successor_ids)

    codes = 0
    for row in current + former:
        org = by_code[row["code"]]
        wanted = [
            (row["code"], OrganisationCode.Kind.REGISTER),
            (row["gss_code"], OrganisationCode.Kind.GSS),
        ]
        wanted += [
            (c, OrganisationCode.Kind.FORMER_GSS)
            for c in row.get("former_gss_codes", "").split(";")
            if c
        ]
        for code, kind in wanted:
            OrganisationCode.objects.update_or_create(
                code=code, defaults={"kind": kind, "organisation": org}
            )
            codes += 1

    names = 0
    variants = [
        (row["name"], row["code"]) for row in csv.DictReader(_data_file("names.csv").splitlines())
    ]
    # The abolished councils' own names, then the variants people used; a variant that is
    # already a current council's name ("Somerset") stays with the current council.
    for row in former:
        variants += [(row["name"], row["code"]), (row["short_name"], row["code"])]
        variants += [(n, row["code"]) for n in row["alt_names"].split(",") if n]
    for name, code in variants:
        org = by_code.get(code)
        normalised = name_normalise(name)
        if org is None or not normalised:
            continue
        OrganisationName.objects.get_or_create(
            normalised=normalised, defaults={"name": name, "organisation": org}
        )
        names += 1
    return RegisterLoadReport(
        organisations_created=created, organisations_updated=updated, codes=codes, names=names
    )
