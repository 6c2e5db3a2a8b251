"""The reporting database: reports and workshop summaries with their state, and local copies
of what they are rendered from — the newest diagnosis of each organisation in each round,
the newest cohort of each workshop in each round, profiles, agendas and the instrument's
wording — all taken from events (reporting never reads another service's tables).

A round is the baseline (1, the workshop itself) or a follow-up (2, 3, …): every round keeps
its own copies and its own reports, so that a follow-up never overwrites what the baseline
said."""

from sqlalchemy import JSON, Column, Date, Integer, MetaData, String, Table, Text, UniqueConstraint

from services.common.tables import UtcDateTime, define_access_grants_table, define_bus_tables

metadata = MetaData()


def _render_state_columns():
    """What every rendered artefact keeps: its state, its attempts, where and when."""
    return [
        Column("state", String(16), nullable=False, index=True),
        Column("attempts", Integer, nullable=False, default=0),
        Column("worker", String(200), nullable=True),
        Column("file_path", String(500), nullable=True),
        Column("checksum", String(64), nullable=True),  # sha256 of the PDF
        Column("error", Text, nullable=True),
        Column("created_at", UtcDateTime(), nullable=False),
        Column("enqueued_at", UtcDateTime(), nullable=True),
        Column("started_at", UtcDateTime(), nullable=True),
        Column("finished_at", UtcDateTime(), nullable=True),
    ]


reports = Table(
    "reports",
    metadata,
    Column("id", String(36), primary_key=True),
    Column("organisation_id", String(36), nullable=False, index=True),
    Column("workshop_id", String(36), nullable=False, index=True),
    Column("diagnosis_version", Integer, nullable=False),
    Column("round", Integer, nullable=False, server_default="1"),  # 1: the baseline; 2, 3, …: follow-ups
    Column("cohort_version", Integer, nullable=False, server_default="0"),  # the cohort its file reflects
    Column("language", String(8), nullable=False),
    Column("organisation_name_zh", String(200), nullable=False),
    Column("organisation_name_en", String(200), nullable=True),
    Column("scores", JSON, nullable=False),
    Column("intents_mark", String(64), nullable=False, server_default=""),  # the agreed intents it printed
    *_render_state_columns(),
    UniqueConstraint("organisation_id", "diagnosis_version", "language", name="uq_report_per_version"),
)

summaries = Table(
    "summaries",
    metadata,
    Column("id", String(36), primary_key=True),
    Column("workshop_id", String(36), nullable=False, index=True),
    Column("cohort_version", Integer, nullable=False),
    Column("round", Integer, nullable=False, server_default="1"),  # the round of its cohort
    Column("language", String(8), nullable=False),
    Column("xlsx_path", String(500), nullable=True),
    Column("csv_path", String(500), nullable=True),
    Column("intents_mark", String(64), nullable=False, server_default=""),  # the agreed intents it printed
    *_render_state_columns(),
    UniqueConstraint("workshop_id", "cohort_version", "language", name="uq_summary_per_version"),
)

# One row per workshop whose reports follow its changes: when it will have settled (None
# while nothing waits) and when its settle task was last sent (for the sweeper).
workshop_settles = Table(
    "workshop_settles",
    metadata,
    Column("workshop_id", String(36), primary_key=True),
    Column("due_at", UtcDateTime(), nullable=True, index=True),
    Column("enqueued_at", UtcDateTime(), nullable=True),
    Column("settled_at", UtcDateTime(), nullable=True),
)

diagnosis_snapshots = Table(
    "diagnosis_snapshots",
    metadata,
    Column("organisation_id", String(36), primary_key=True),
    Column("round", Integer, primary_key=True, autoincrement=False, server_default="1"),
    Column("workshop_id", String(36), nullable=False, index=True),
    Column("version", Integer, nullable=False),
    Column("instrument_version", String(16), nullable=False),
    Column("result", JSON, nullable=False),
    Column("inputs", JSON, nullable=False, server_default="{}"),  # the leader's figures and scan
    Column("rings", JSON, nullable=True),  # a follow-up against the rounds before it (None: the baseline)
    Column("updated_at", UtcDateTime(), nullable=False),
)

cohort_snapshots = Table(
    "cohort_snapshots",
    metadata,
    Column("workshop_id", String(36), primary_key=True),
    Column("round", Integer, primary_key=True, autoincrement=False, server_default="1"),
    Column("version", Integer, nullable=False),
    Column("instrument_version", String(16), nullable=False),
    Column("figures", JSON, nullable=False),
    Column("view", JSON, nullable=False),
    Column("updated_at", UtcDateTime(), nullable=False),
)

appendices = Table(
    "appendices",
    metadata,
    Column("instrument_version", String(16), primary_key=True),
    Column("content", JSON, nullable=False),
)

organisation_profiles = Table(
    "organisation_profiles",
    metadata,
    Column("id", String(36), primary_key=True),
    Column("workshop_id", String(36), nullable=False, index=True),
    Column("name_zh", String(200), nullable=False),
    Column("name_en", String(200), nullable=True),
    Column("status", String(16), nullable=False),
    Column("profile", JSON, nullable=False),
    Column("updated_at", UtcDateTime(), nullable=False),
)

workshop_profiles = Table(
    "workshop_profiles",
    metadata,
    Column("id", String(36), primary_key=True),
    Column("title_zh", String(200), nullable=True),
    Column("title_en", String(200), nullable=True),
    Column("province", String(50), nullable=True),
    Column("city", String(100), nullable=True),
    Column("venue", String(200), nullable=True),
    Column("starts_on", Date, nullable=True),
    Column("ends_on", Date, nullable=True),
    Column("status", String(16), nullable=True),
    Column("agenda", JSON, nullable=True),
    Column("updated_at", UtcDateTime(), nullable=False),
)

# The cooperation intents between organisations of a workshop (`intent.changed`), each as its
# newest revision says: reports print the agreed ones.
cooperation_intents = Table(
    "cooperation_intents",
    metadata,
    Column("intent_id", String(36), primary_key=True),
    Column("workshop_id", String(36), nullable=False, index=True),
    Column("proposer_id", String(36), nullable=False, index=True),
    Column("partner_id", String(36), nullable=False, index=True),
    Column("kind", String(32), nullable=False),
    Column("what", Text, nullable=False),
    Column("target_month", String(7), nullable=False),
    Column("state", String(16), nullable=False),
    Column("recorded_by", String(16), nullable=False),
    Column("revision", Integer, nullable=False),
    Column("updated_at", UtcDateTime(), nullable=False),
)

access_grants = define_access_grants_table(metadata)

bus = define_bus_tables(metadata)
