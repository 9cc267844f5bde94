"""Which CRM export column means which Warroom field.

Column names are compared after dropping case, spaces and punctuation, so "Account Name",
"account_name" and "AccountName" are one. Salesforce's AnnualRevenue is the customer's own
revenue, never what they pay us: it maps to `customer_revenue`, not to `arr`.
"""

from __future__ import annotations

import re

ACCOUNT_FIELDS = {
    "name": ("name", "accountname", "companyname", "company"),
    "external_id": ("id", "accountid", "recordid", "gsid", "companyid", "externalid", "sfdcid", "salesforceid"),
    "domain": ("domain", "website", "companydomainname"),
    "industry": ("industry",),
    "segment": ("segment", "type", "accounttype", "customersegment"),
    "country": ("country", "billingcountry", "countryregion", "region"),
    "owner": ("owner", "ownerid", "accountowner", "companyowner", "csm", "csmname"),
    "arr": ("arr", "annualrecurringrevenue", "currentarr"),
    "mrr": ("mrr", "monthlyrecurringrevenue"),
    "customer_revenue": ("customerrevenue", "annualrevenue"),
    "renewal_date": ("renewaldate", "nextrenewaldate", "renewal", "contractenddate"),
    "health": ("health", "currentscore", "healthscore", "overallscore", "healthstatus"),
    "stage": ("stage", "lifecyclestage"),
    "timezone": ("timezone", "tz"),
    "executive_escalation": ("executiveescalation", "execescalation"),
    "compliance_sensitive": ("compliancesensitive", "compliance", "regulated"),
    "strategic": ("strategic", "strategicpartner"),
    "high_visibility": ("highvisibility",),
    "reference": ("reference", "referenceaccount", "referenceable"),
    "expansion_pipeline": ("expansionpipeline", "expansion", "openexpansion"),
    "champion_strength": ("championstrength", "champion"),
    "escalations_last_year": ("escalationslastyear", "escalations"),
    "sentiment_trend": ("sentimenttrend", "sentiment"),
    "growth_potential": ("growthpotential", "growth"),
    "operations_24x7": ("operations24x7", "24x7", "operates24x7"),
    "sla_credits": ("slacredits", "automaticslacredits"),
    "notes": ("notes", "description"),
}

CONTACT_FIELDS = {
    "account": ("account", "accountname", "company", "companyname", "associatedcompany"),
    "account_external_id": ("accountid", "companyid", "associatedcompanyid", "accountexternalid"),
    "external_id": ("contactid", "id", "recordid", "externalid"),
    "name": ("name", "fullname", "contactname"),
    "first_name": ("firstname",),
    "last_name": ("lastname",),
    "role": ("role", "contactrole", "persona"),
    "title": ("title", "jobtitle"),
    "email": ("email", "emailaddress"),
    "phone": ("phone", "phonenumber", "mobilephone", "mobile", "businessphone"),
    "timezone": ("timezone", "tz", "contacttimezone"),
}

# A header with any of these is a contacts export.
CONTACT_MARKERS = {"firstname", "lastname", "email", "emailaddress", "contactid", "contactname", "fullname"}


def normalise(column: str) -> str:
    return re.sub(r"[^0-9a-z]", "", column.casefold())


def detect_kind(header: list[str]) -> str:
    return "contacts" if CONTACT_MARKERS & {normalise(column) for column in header} else "accounts"


def map_columns(header: list[str], fields: dict[str, tuple[str, ...]], overrides: dict[str, str]) -> dict[int, str]:
    """Column position -> field. `overrides` (column name -> field) win over recognition;
    the first column recognised for a field takes it."""
    alias_to_field = {alias: field for field, aliases in fields.items() for alias in aliases}
    normalised_overrides = {normalise(column): field for column, field in overrides.items()}
    mapping: dict[int, str] = {}
    taken: set[str] = set()
    for position, column in enumerate(header):
        key = normalise(column)
        if key in normalised_overrides:
            mapping[position] = normalised_overrides[key]
            taken.add(normalised_overrides[key])
    for position, column in enumerate(header):
        if position in mapping:
            continue
        field = alias_to_field.get(normalise(column))
        if field and field not in taken:
            mapping[position] = field
            taken.add(field)
    return mapping


def repeated_columns(header: list[str]) -> list[list[int]]:
    """Positions of the columns that share one name (after normalising; blank names aside)."""
    positions: dict[str, list[int]] = {}
    for position, column in enumerate(header):
        if key := normalise(column):
            positions.setdefault(key, []).append(position)
    return [group for group in positions.values() if len(group) > 1]


def unread_columns(
    header: list[str], fields: dict[str, tuple[str, ...]], mapping: dict[int, str]
) -> list[tuple[int, int]]:
    """(column, the column read instead) for each column recognised as a field that another one took."""
    alias_to_field = {alias: field for field, aliases in fields.items() for alias in aliases}
    reader_of: dict[str, int] = {}
    for position, field in sorted(mapping.items()):
        reader_of.setdefault(field, position)
    unread = []
    for position, column in enumerate(header):
        recognised = alias_to_field.get(normalise(column))
        if position not in mapping and recognised in reader_of:
            unread.append((position, reader_of[recognised]))
    return unread
