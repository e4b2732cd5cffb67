"""Writing the register: loading the bundled list of English councils, idempotently."""

import csv
from dataclasses import dataclass
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


@transaction.atomic
def register_load() -> RegisterLoadReport:
    """Create or update the 317 councils of the bundled register; running it twice changes nothing."""
    rows = list(csv.DictReader(_data_file("councils.csv").splitlines()))
    created = updated = 0
    by_code: dict[str, Organisation] = {}
    for row in rows:
        fields = {
            "name": row["name"],
            "short_name": row["short_name"],
            "slug": slugify_name(row["short_name"]),
            "gss_code": row["gss_code"],
            "type": row["type"],
            "comparison_group": GROUP_BY_TYPE.get(row["type"], ""),
            "region": row["region"],
            "in_register": True,
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

    for row in rows:
        org = by_code[row["code"]]
        parent = by_code.get(row["parent"]) if row["parent"] else None
        if org.parent_id != (parent.id if parent else None):
            org.parent = parent
            org.save(update_fields=["parent"])
        Population.objects.get_or_create(
            organisation=org,
            year=2020,
            defaults={"population": int(row["population_2020"]), "source": REGISTER_SOURCE},
        )

    codes = 0
    for row in rows:
        org = by_code[row["code"]]
        wanted = [
            (row["code"], OrganisationCode.Kind.REGISTER),
            (row["gss_code"], OrganisationCode.Kind.GSS),
        ]
        wanted += [
            (c, OrganisationCode.Kind.FORMER_GSS) for c in row["former_gss_codes"].split(";") if c
        ]
        for code, kind in wanted:
            OrganisationCode.objects.update_or_create(
                code=code, defaults={"kind": kind, "organisation": org}
            )
            codes += 1

    names = 0
    for row in csv.DictReader(_data_file("names.csv").splitlines()):
        org = by_code.get(row["code"])
        normalised = name_normalise(row["name"])
        if org is None or not normalised:
            continue
        OrganisationName.objects.get_or_create(
            normalised=normalised, defaults={"name": row["name"], "organisation": org}
        )
        names += 1
    return RegisterLoadReport(
        organisations_created=created, organisations_updated=updated, codes=codes, names=names
    )
