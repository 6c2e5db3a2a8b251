"""The diagnosis database: its own tables, and a local copy of the organisations it has heard
of through `organisation.registered` (it never reads registration's tables)."""
from sqlalchemy import JSON, Column, Float, Integer, MetaData, String, Table, UniqueConstraint

from services.common.tables import UtcDateTime, define_access_grants_table, define_bus_tables

metadata = MetaData()

known_organisations = Table(
    "known_organisations", metadata,
    Column("id", String(36), primary_key=True),
    Column("workshop_id", String(36), nullable=False, index=True),
    Column("name_zh", String(200), nullable=False),
    Column("name_en", String(200), nullable=True),
    Column("status", String(16), nullable=False, server_default="registered"),
    Column("registered_at", UtcDateTime(), nullable=False),
)

submissions = Table(
    "submissions", metadata,
    Column("id", String(36), primary_key=True),
    Column("organisation_id", String(36), nullable=False, index=True),
    Column("version", Integer, nullable=False),
    Column("answers", JSON, nullable=False),
    Column("overall_score", Float, nullable=False),
    Column("submitted_at", UtcDateTime(), nullable=False),
    UniqueConstraint("organisation_id", "version", name="uq_submission_version"),
)

access_grants = define_access_grants_table(metadata)

bus = define_bus_tables(metadata)
