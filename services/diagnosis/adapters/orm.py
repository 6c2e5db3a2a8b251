"""The diagnosis database: respondents, their responses (drafts and submitted versions),
the computed diagnoses, and local copies of what registration announces (workshops,
organisations, access grants). It never reads registration's tables."""

from sqlalchemy import (
    JSON,
    Boolean,
    Column,
    ForeignKey,
    Integer,
    MetaData,
    String,
    Table,
    Text,
    UniqueConstraint,
    false,
)

from services.common.tables import UtcDateTime, define_access_grants_table, define_bus_tables

metadata = MetaData()

known_workshops = Table(
    "known_workshops",
    metadata,
    Column("id", String(36), primary_key=True),
    Column("status", String(16), nullable=False),
    Column("updated_at", UtcDateTime(), nullable=False),  # time of the newest event applied
    # figures across workshops pool only within one programme (NULL: only with each other)
    Column("programme_id", String(64), nullable=True, index=True),
    # the round its organisations answer now: 1 is the workshop itself, 2… its follow-ups
    Column("current_round", Integer, nullable=False, server_default="1"),
)

known_organisations = Table(
    "known_organisations",
    metadata,
    Column("id", String(36), primary_key=True),
    Column("workshop_id", String(36), nullable=False, index=True),
    Column("name_zh", String(200), nullable=False),
    Column("name_en", String(200), nullable=True),
    Column("status", String(16), nullable=False, server_default="registered"),
    Column("profile", JSON, nullable=False, server_default="{}"),  # the public profile, as announced
    Column("registered_at", UtcDateTime(), nullable=False),  # time of the newest event applied
)

respondents = Table(
    "respondents",
    metadata,
    Column("id", String(36), primary_key=True),
    Column("organisation_id", String(36), nullable=False, index=True),
    Column("role", String(16), nullable=False),  # leader | staff | board
    Column("label", String(100), nullable=True),
    Column("token_hash", String(64), nullable=True, unique=True),  # the leader uses the organisation's token
    Column("created_at", UtcDateTime(), nullable=False),
    Column("revoked_at", UtcDateTime(), nullable=True),
)

responses = Table(
    "responses",
    metadata,
    Column("id", String(36), primary_key=True),
    Column("respondent_id", String(36), ForeignKey("respondents.id"), nullable=False, index=True),
    Column("organisation_id", String(36), nullable=False, index=True),
    Column("version", Integer, nullable=False),
    Column("instrument_version", String(16), nullable=False),
    Column("state", String(16), nullable=False),  # draft | submitted
    Column("answers", JSON, nullable=False),
    Column("numbers", JSON, nullable=False),
    Column("scan", JSON, nullable=False),
    Column("scan_text", Text, nullable=True),
    # the leader allows the free text to be quoted under the organisation's name (default: no)
    Column("scan_text_named", Boolean, nullable=False, server_default=false()),
    Column("stage_evidence", JSON, nullable=False),
    Column("path_views", JSON, nullable=False),
    Column("round", Integer, nullable=False, server_default="1"),
    # a follow-up's own answers (the leader's): what changed per section, what the last
    # report's actions and the agreed intents came to
    Column("follow_up", JSON, nullable=False, server_default="{}"),
    Column("created_at", UtcDateTime(), nullable=False),
    Column("updated_at", UtcDateTime(), nullable=False),
    Column("submitted_at", UtcDateTime(), nullable=True),
    UniqueConstraint("respondent_id", "version", name="uq_response_version"),
)

diagnoses = Table(
    "diagnoses",
    metadata,
    Column("id", String(36), primary_key=True),
    Column("organisation_id", String(36), nullable=False, index=True),
    Column("workshop_id", String(36), nullable=False, index=True),
    Column("version", Integer, nullable=False),
    Column("instrument_version", String(16), nullable=False),
    Column("result", JSON, nullable=False),
    # versions keep growing across rounds; `round` says which round a version belongs to
    Column("round", Integer, nullable=False, server_default="1"),
    Column("rings", JSON, nullable=True),  # a follow-up against the rounds before it (RingsSchema)
    Column("computed_at", UtcDateTime(), nullable=False),
    UniqueConstraint("organisation_id", "version", name="uq_diagnosis_version"),
)

cohorts = Table(
    "cohorts",
    metadata,
    Column("id", String(36), primary_key=True),
    Column("workshop_id", String(36), nullable=False, index=True),
    Column("version", Integer, nullable=False),
    Column("figures", JSON, nullable=False),  # benchmarks, percentiles and flags per organisation, matches
    Column("round", Integer, nullable=False, server_default="1"),  # each round has its own cohort
    Column("computed_at", UtcDateTime(), nullable=False),
    UniqueConstraint("workshop_id", "version", name="uq_cohort_version"),
)

# Between two organisations of one workshop (domain.cooperation): who proposed, to whom, what.
cooperation_intents = Table(
    "cooperation_intents",
    metadata,
    Column("id", String(36), primary_key=True),
    Column("workshop_id", String(36), nullable=False, index=True),
    Column("proposer_id", String(36), nullable=False, index=True),
    Column("partner_id", String(36), nullable=False, index=True),
    Column("kind", String(32), nullable=False),
    Column("what", String(200), nullable=False),
    Column("target_month", String(7), nullable=False),  # YYYY-MM
    Column("state", String(16), nullable=False),  # proposed | agreed | declined | withdrawn
    Column("recorded_by", String(16), nullable=False),  # organisation | facilitator (agreed in the room)
    Column("revision", Integer, nullable=False, server_default="1"),  # +1 per change, announced with it
    Column("created_at", UtcDateTime(), nullable=False),
    Column("answered_at", UtcDateTime(), nullable=True),
)

access_grants = define_access_grants_table(metadata)

bus = define_bus_tables(metadata)
