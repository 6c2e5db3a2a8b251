"""The registration database: its tables, owned by this service alone."""
from sqlalchemy import Column, Date, ForeignKey, Integer, MetaData, String, Table, UniqueConstraint

from services.common.tables import UtcDateTime, define_bus_tables

metadata = MetaData()

workshops = Table(
    "workshops", metadata,
    Column("id", String(36), primary_key=True),
    Column("code", String(16), nullable=False, unique=True),
    Column("title_zh", String(200), nullable=False),
    Column("title_en", String(200), nullable=True),
    Column("city", String(100), nullable=False),
    Column("starts_on", Date, nullable=False),
    Column("ends_on", Date, nullable=False),
    Column("capacity", Integer, nullable=False),
    Column("status", String(16), nullable=False),
    Column("created_at", UtcDateTime(), nullable=False),
)

organisations = Table(
    "organisations", metadata,
    Column("id", String(36), primary_key=True),
    Column("workshop_id", String(36), ForeignKey("workshops.id"), nullable=False, index=True),
    Column("name_zh", String(200), nullable=False),
    Column("name_en", String(200), nullable=True),
    Column("name_key", String(200), nullable=False),
    Column("created_at", UtcDateTime(), nullable=False),
    UniqueConstraint("workshop_id", "name_key", name="uq_organisation_name_per_workshop"),
)

bus = define_bus_tables(metadata)
