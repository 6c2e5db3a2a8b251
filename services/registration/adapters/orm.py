"""The registration database: its tables, owned by this service alone."""

from sqlalchemy import (
    JSON,
    Column,
    Date,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    MetaData,
    String,
    Table,
    Time,
    UniqueConstraint,
    text,
)

from services.common.tables import UtcDateTime, define_access_grants_table, define_bus_tables

metadata = MetaData()

# An organiser's programme of regional workshops: no figure crosses from one to another.
programmes = Table(
    "programmes",
    metadata,
    Column("id", String(36), primary_key=True),
    Column("name", String(200), nullable=False),
    Column("created_at", UtcDateTime(), nullable=False),
)

# Organisers and facilitators sign in; leaders never do (they keep their private link).
accounts = Table(
    "accounts",
    metadata,
    Column("id", String(36), primary_key=True),
    Column("programme_id", String(36), ForeignKey("programmes.id"), nullable=False, index=True),
    Column("role", String(16), nullable=False),  # organiser or facilitator
    Column("login", String(254), nullable=False),
    Column("login_key", String(254), nullable=False, unique=True),
    Column("display_name", String(100), nullable=False),
    Column("password_hash", String(200), nullable=False),
    # Bumped by "sign out everywhere": a session cookie remembers the epoch it began in.
    Column("session_epoch", Integer, nullable=False, server_default="0"),
    Column("created_at", UtcDateTime(), nullable=False),
    Column("signed_in_at", UtcDateTime(), nullable=True),
)

# Tokens for scripts (the API, the demo, the load tests): an account's own, stored hashed.
account_tokens = Table(
    "account_tokens",
    metadata,
    Column("token_hash", String(64), primary_key=True),
    Column("account_id", String(36), ForeignKey("accounts.id"), nullable=False, index=True),
    Column("label", String(100), nullable=True),
    Column("created_at", UtcDateTime(), nullable=False),
    Column("revoked_at", UtcDateTime(), nullable=True),
)

# One-time links that let an invitee set their own password; expire after 7 days.
invitations = Table(
    "invitations",
    metadata,
    Column("id", String(36), primary_key=True),
    Column("token_hash", String(64), nullable=False, unique=True),
    Column("programme_id", String(36), ForeignKey("programmes.id"), nullable=False, index=True),
    Column("role", String(16), nullable=False),
    Column("workshop_id", String(36), nullable=True),  # a co-facilitator's workshop
    Column("note", String(100), nullable=True),  # whom it is for, as the inviter wrote it
    Column("invited_by", String(36), ForeignKey("accounts.id"), nullable=False),
    Column("created_at", UtcDateTime(), nullable=False),
    Column("expires_at", UtcDateTime(), nullable=False),
    Column("accepted_at", UtcDateTime(), nullable=True),
    Column("accepted_by", String(36), nullable=True),
    Column("revoked_at", UtcDateTime(), nullable=True),
)

workshops = Table(
    "workshops",
    metadata,
    Column("id", String(36), primary_key=True),
    Column("code", String(16), nullable=False, unique=True),
    Column("title_zh", String(200), nullable=False),
    Column("title_en", String(200), nullable=True),
    Column("province", String(50), nullable=False, server_default=""),
    Column("city", String(100), nullable=False),
    Column("venue", String(200), nullable=True),
    Column("starts_on", Date, nullable=False),
    Column("ends_on", Date, nullable=False),
    Column("capacity", Integer, nullable=False),
    Column("language", String(8), nullable=False, server_default="zh"),
    Column("status", String(16), nullable=False),
    Column("talk_minutes", Integer, nullable=False, server_default="2"),
    Column("break_every", Integer, nullable=False, server_default="12"),
    Column("break_minutes", Integer, nullable=False, server_default="10"),
    Column("agenda_starts_at", Time, nullable=False, server_default="09:00:00"),
    Column("agenda_order", String(16), nullable=False, server_default="longest_first"),
    Column("agenda_layout", JSON, nullable=True),  # the facilitator's moves and pins
    Column("programme_id", String(36), ForeignKey("programmes.id"), nullable=True, index=True),
    # The creation form's one-time key: a second tab, a double click or a reload of the
    # same form finds the workshop it already made instead of making another.
    Column("creation_key", String(64), nullable=True, unique=True),
    Column("created_at", UtcDateTime(), nullable=False),
    Column("updated_at", UtcDateTime(), nullable=True),
)

ACTIVE = text("status != 'withdrawn'")

organisations = Table(
    "organisations",
    metadata,
    Column("id", String(36), primary_key=True),
    Column("workshop_id", String(36), ForeignKey("workshops.id"), nullable=False, index=True),
    Column("status", String(16), nullable=False, server_default="registered"),
    Column("name_zh", String(200), nullable=False),
    Column("name_en", String(200), nullable=True),
    Column("name_key", String(200), nullable=False),
    Column("credit_code", String(18), nullable=True),
    Column("legal_form", String(32), nullable=True),
    Column("founded_year", Integer, nullable=True),
    Column("years_in_sector", Integer, nullable=True),
    Column("focus_areas", JSON, nullable=False, server_default="[]"),
    Column("service_region", String(100), nullable=True),
    Column("leader_name", String(50), nullable=True),
    Column("mobile", String(11), nullable=True),
    Column("email", String(254), nullable=True),
    Column("staff_full_time", Integer, nullable=True),
    Column("staff_part_time", Integer, nullable=True),
    Column("volunteers", Integer, nullable=True),
    Column("created_at", UtcDateTime(), nullable=False),
    Column("updated_at", UtcDateTime(), nullable=True),
    Column("withdrawn_at", UtcDateTime(), nullable=True),
    # The same organisation may not be registered twice in a workshop while it takes part.
    Index(
        "uq_active_name_per_workshop",
        "workshop_id",
        "name_key",
        unique=True,
        sqlite_where=ACTIVE,
        postgresql_where=ACTIVE,
    ),
    Index(
        "uq_active_credit_code_per_workshop",
        "workshop_id",
        "credit_code",
        unique=True,
        sqlite_where=ACTIVE,
        postgresql_where=ACTIVE,
    ),
)

# The accounts that facilitate a workshop (an organiser may open every workshop of their programme).
workshop_facilitators = Table(
    "workshop_facilitators",
    metadata,
    Column("workshop_id", String(36), ForeignKey("workshops.id"), primary_key=True),
    Column("account_id", String(36), ForeignKey("accounts.id"), primary_key=True),
    Column("added_at", UtcDateTime(), nullable=False),
)

# A closed workshop's follow-up rounds (the workshop itself is round 1): one open at a time.
workshop_rounds = Table(
    "workshop_rounds",
    metadata,
    Column("id", String(36), primary_key=True),
    Column("workshop_id", String(36), ForeignKey("workshops.id"), nullable=False, index=True),
    Column("number", Integer, nullable=False),
    Column("kind", String(16), nullable=False),  # 3_months, 6_months or date
    Column("opens_on", Date, nullable=False),
    Column("opened_at", UtcDateTime(), nullable=False),
    Column("opened_by", String(36), nullable=True),  # the account behind the facilitator token, if any
    Column("closed_at", UtcDateTime(), nullable=True),
    UniqueConstraint("workshop_id", "number", name="uq_workshop_round_number"),
)

# What the other services report back, for the live figures of the home and programme pages.
organisation_progress = Table(
    "organisation_progress",
    metadata,
    Column("organisation_id", String(36), primary_key=True),
    Column("workshop_id", String(36), nullable=False, index=True),
    Column("submitted_at", UtcDateTime(), nullable=True),  # first diagnosis.scored
    Column("report_ready_at", UtcDateTime(), nullable=True),  # latest report.ready
    # the round these times are of: a later round's first event starts its counts afresh
    Column("round", Integer, nullable=False, server_default="1"),
)

# A roster file as previewed: the facilitator confirms that preview, and it is imported once
# (a second tab, a double click or a reload find it imported and add nothing).
roster_uploads = Table(
    "roster_uploads",
    metadata,
    Column("id", String(36), primary_key=True),
    Column("workshop_id", String(36), ForeignKey("workshops.id"), nullable=False, index=True),
    Column("filename", String(255), nullable=False),
    Column("content", LargeBinary(), nullable=False),
    Column("created_at", UtcDateTime(), nullable=False),
    Column("imported_at", UtcDateTime(), nullable=True),
    Column("imported", Integer, nullable=True),
)

access_tokens = define_access_grants_table(
    metadata,
    "access_tokens",
    Column("id", String(36), nullable=False, unique=True),
    Column("label", String(100), nullable=True),
    Column("created_at", UtcDateTime(), nullable=False),
    # A token a signed-in account's browser was given for one workshop: revoked with the
    # account's sessions, or when the account stops facilitating the workshop.
    Column("account_id", String(36), nullable=True, index=True),
)

bus = define_bus_tables(metadata)
