"""Importing organisations: codes, GSS codes, names, comparison groups, lifetimes and successors,\neach checked against the register so that no two organisations share an identity."""

import re
from dataclasses import dataclass, field
from typing import Any

from annual_review.imports.columns import (
    Column,
    DateParser,
    choice_parser,
    parse_text,
)
from annual_review.imports.errors import RowError
from annual_review.imports.kinds.register import DUPLICATE_ORGANISATION
from annual_review.imports.parsing import ImportKind, ImportReport, ParsedRows
from annual_review.imports.repeats import FirstRows
from annual_review.register.models import (
    ORGANISATION_CODE,
    ComparisonGroup,
    Organisation,
    OrganisationCode,
)
from annual_review.register.names import name_core, name_normalise, slug_ascii
from annual_review.register.selectors import OrganisationResolver, organisation_resolver_build

BAD_CODE = "use letters, digits, '-' or '_' (at most 16)"


BAD_GSS = "is not a GSS code (a letter and eight digits, e.g. E07000234)"


GSS_TAKEN = "is already the code of another organisation ({other})"


UNKNOWN_PARENT = "is not a known organisation"


CODE_TAKEN = "already identifies another organisation ({other})"


NAME_TAKEN = "is already a name of another organisation ({other})"


NO_ADDRESS = "gives no web address: a name needs at least one letter or digit"


ENDS_BEFORE_START = "must be after the start date ({start})"


UNKNOWN_SUCCESSOR = "is not a known organisation or a code in this file: {value}"


SUCCESSOR_ITSELF = "an organisation cannot be its own successor"


_GSS = re.compile(r"^[EWSNK]\d{8}$")


_group_choice = choice_parser({**dict(ComparisonGroup.choices), "none": "None"})


def _parse_code(text: str) -> str:
    if not ORGANISATION_CODE.match(text):
        raise ValueError(BAD_CODE)
    return text.upper()


def _parse_gss(text: str) -> str:
    if not _GSS.match(text.upper()):
        raise ValueError(BAD_GSS)
    return text.upper()


def _parse_group(text: str) -> str:
    value = _group_choice(text)
    return "" if value == "none" else value


@dataclass
class OrganisationsPlan:
    rows: list[dict[str, Any]] = field(default_factory=list)
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    skipped: int = 0

    def write(self) -> None:
        for row in self.rows:
            code = row["code"]
            fields: dict[str, Any] = {
                k: row[k]
                for k in (
                    "name",
                    "short_name",
                    "gss_code",
                    "comparison_group",
                    "parent_id",
                    "type",
                    "start_date",
                    "end_date",
                )
                if k in row
            }
            org, _ = Organisation.objects.update_or_create(
                code=code, defaults={**fields, "slug": row["slug"]}
            )
            OrganisationCode.objects.update_or_create(
                code=code, defaults={"kind": OrganisationCode.Kind.REGISTER, "organisation": org}
            )
            if row["gss_code"]:
                OrganisationCode.objects.update_or_create(
                    code=row["gss_code"],
                    defaults={"kind": OrganisationCode.Kind.GSS, "organisation": org},
                )
        # Successors may be rows of the same file, so they are linked once all are written.
        ids = dict(Organisation.objects.values_list("code", "id"))
        for row in self.rows:
            if row.get("successor_codes") is not None:
                successors = [ids[c] for c in row["successor_codes"]]
                Organisation.objects.get(code=row["code"]).successors.set(successors)


def organisations_plan(
    parsed: ParsedRows, report: ImportReport, options: dict[str, Any]
) -> OrganisationsPlan:
    file_name = parsed.table.file_name
    resolver = organisation_resolver_build()
    stored = {o.code: o for o in Organisation.objects.all()}
    code_of = {o.id: o.code for o in stored.values()}
    slugs = {o.slug: o.code for o in stored.values()}
    successors_stored = {
        code_of[a]: sorted(code_of[b] for b in ids) for a, ids in _successor_ids().items()
    }
    file_codes = {row["code"] for _, row in parsed}
    plan = OrganisationsPlan()
    first_rows = FirstRows()
    for number, row in parsed:
        code = row["code"]
        first = first_rows.repeat_of(code, number)
        if first is not None:
            report.add_error(
                RowError(
                    file_name,
                    number,
                    "code",
                    code,
                    DUPLICATE_ORGANISATION.format(first=first),
                )
            )
            continue
        problem = _identity_problem(row, resolver, stored, code_of)
        if problem is not None:
            column, value, reason = problem
            report.add_error(RowError(file_name, number, column, value, reason))
            continue
        start, end = row.get("start_date"), row.get("end_date")
        if start is not None and end is not None and end <= start:
            report.add_error(
                RowError(
                    file_name,
                    number,
                    "end_date",
                    end.isoformat(),
                    ENDS_BEFORE_START.format(start=start.isoformat()),
                )
            )
            continue
        successor_codes: list[str] | None = None
        if "successors" in parsed.present:
            successor_codes, problem_value = _successors_parse(
                row.get("successors") or "", resolver, code_of, file_codes
            )
            if problem_value is not None:
                report.add_error(
                    RowError(
                        file_name,
                        number,
                        "successors",
                        row["successors"],
                        UNKNOWN_SUCCESSOR.format(value=problem_value),
                    )
                )
                continue
            if code in successor_codes:
                report.add_error(
                    RowError(file_name, number, "successors", row["successors"], SUCCESSOR_ITSELF)
                )
                continue
        gss = row.get("gss_code")
        if gss:
            holder = resolver.by_code.get(gss)
            if holder is not None and (code not in stored or stored[code].id != holder):
                other = next((o.code for o in stored.values() if o.id == holder), "?")
                report.add_error(
                    RowError(file_name, number, "gss_code", gss, GSS_TAKEN.format(other=other))
                )
                continue
        parent_id = None
        if row.get("parent"):
            parent_id = resolver.resolve(row["parent"])
            if parent_id is None:
                report.add_error(
                    RowError(file_name, number, "parent", row["parent"], UNKNOWN_PARENT)
                )
                continue
        short_name = row.get("short_name") or row["name"]
        slug = slug_ascii(short_name, fallback=code.lower())[:110]
        if slugs.get(slug, code) != code:
            slug = f"{slug}-{code.lower()}"
        slugs[slug] = code
        values = {
            "code": code,
            "name": row["name"],
            "short_name": short_name,
            "gss_code": gss,
            "comparison_group": row.get("comparison_group") or "",
            "parent_id": parent_id,
            "type": row.get("type") or "",
            "slug": slug,
        }
        # Lifetime columns left out of the file keep what is stored.
        for column in ("start_date", "end_date"):
            if column in parsed.present:
                values[column] = row.get(column)
        current = stored.get(code)
        successors_same = successor_codes is None or sorted(successor_codes) == (
            successors_stored.get(code, [])
        )
        if successor_codes is not None:
            values["successor_codes"] = successor_codes
        if current is None:
            plan.created += 1
        elif successors_same and all(
            getattr(current, k) == v
            for k, v in values.items()
            if k not in ("slug", "successor_codes")
        ):
            plan.unchanged += 1
            continue
        else:
            values["slug"] = current.slug
            plan.updated += 1
        plan.rows.append(values)
    return plan


def _successor_ids() -> dict[int, list[int]]:
    links: dict[int, list[int]] = {}
    for a, b in Organisation.successors.through.objects.values_list(
        "from_organisation_id", "to_organisation_id"
    ):
        links.setdefault(a, []).append(b)
    return links


def _identity_problem(
    row: dict[str, Any],
    resolver: OrganisationResolver,
    stored: dict[str, Organisation],
    code_of: dict[int, str],
) -> tuple[str, str, str] | None:
    """(column, value, reason) when the row would take over another organisation's identity:
    its code is another's code (register, GSS, former GSS), or its name or short name is
    another's name variant; or when its name gives no web address."""
    code = row["code"]
    own = stored[code].id if code in stored else None
    holder = resolver.by_code.get(code)
    if holder is not None and holder != own:
        return "code", code, CODE_TAKEN.format(other=code_of.get(holder, "?"))
    for column in ("name", "short_name"):
        value = row.get(column)
        if not value:
            continue
        if not any(c.isalnum() for c in value):
            return column, value, NO_ADDRESS
        holder = resolver.by_name.get(name_normalise(value))
        if holder is None:
            holder = resolver.by_core.get(name_core(value))
        if holder is not None and holder != own:
            return column, value, NAME_TAKEN.format(other=code_of.get(holder, "?"))
    return None


def _successors_parse(
    text: str, resolver: OrganisationResolver, code_of: dict[int, str], file_codes: set[str]
) -> tuple[list[str], str | None]:
    """Register codes of the ';'-separated successors (codes, GSS codes or names of stored
    organisations, or codes of this file's rows), and the first value that is none of these."""
    codes = []
    for value in (v.strip() for v in text.split(";")):
        if not value:
            continue
        if value.upper() in file_codes:
            codes.append(value.upper())
            continue
        found = resolver.resolve(value)
        if found is None:
            return codes, value
        codes.append(code_of[found])
    return codes, None


ORGANISATIONS = ImportKind(
    name="organisations",
    description="Organisations beyond the bundled register (fire authorities, national parks...).",
    columns=(
        Column("code", _parse_code, required=True, max_length=16),
        Column("name", parse_text, required=True),
        Column("short_name", parse_text, max_length=120),
        Column("gss_code", _parse_gss, max_length=9),
        Column("comparison_group", _parse_group, max_length=40),
        Column("parent", parse_text),
        Column("type", parse_text, max_length=8),
        Column("start_date", DateParser()),
        Column("end_date", DateParser()),
        Column("successors", parse_text, max_length=1000),
    ),
    plan=organisations_plan,
)
