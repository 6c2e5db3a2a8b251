"""The reporting database: reports and the diagnosis figures they are rendered from (a
local copy taken from `diagnosis.scored`; reporting never reads diagnosis's tables)."""
from sqlalchemy import JSON, Column, Integer, MetaData, String, Table, Text, UniqueConstraint

from services.common.tables import UtcDateTime, define_access_grants_table, define_bus_tables

metadata = MetaData()

reports = Table(
    "reports", metadata,
    Column("id", String(36), primary_key=True),
    Column("organisation_id", String(36), nullable=False, index=True),
    Column("workshop_id", String(36), nullable=False, index=True),
    Column("diagnosis_version", Integer, nullable=False),
    Column("language", String(8), nullable=False),
    Column("state", String(16), nullable=False, index=True),
    Column("attempts", Integer, nullable=False, default=0),
    Column("organisation_name_zh", String(200), nullable=False),
    Column("organisation_name_en", String(200), nullable=True),
    Column("scores", JSON, nullable=False),
    Column("worker", String(200), nullable=True),
    Column("file_path", String(500), nullable=True),
    Column("error", Text, nullable=True),
    Column("created_at", UtcDateTime(), nullable=False),
    Column("enqueued_at", UtcDateTime(), nullable=True),
    Column("started_at", UtcDateTime(), nullable=True),
    Column("finished_at", UtcDateTime(), nullable=True),
    UniqueConstraint("organisation_id", "diagnosis_version", "language", name="uq_report_per_version"),
)

access_grants = define_access_grants_table(metadata)

bus = define_bus_tables(metadata)
