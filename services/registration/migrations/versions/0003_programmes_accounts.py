"""programmes, accounts, invitations, workshop facilitators, organisation progress

Workshops made before accounts existed join one default programme.

Revision ID: 0003
Revises: 0002
Create Date: 2026-12-02 20:20:00
"""

import datetime as dt
import uuid

from alembic import op
import sqlalchemy as sa


revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None

DEFAULT_PROGRAMME = "默认项目 / Default programme"


def upgrade() -> None:
    op.create_table(
        "programmes",
        sa.Column("id", sa.String(length=36), primary_key=True),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
    )
    op.create_table(
        "accounts",
        sa.Column("id", sa.String(length=36), primary_key=True),
        sa.Column("programme_id", sa.String(length=36), sa.ForeignKey("programmes.id"), nullable=False),
        sa.Column("role", sa.String(length=16), nullable=False),
        sa.Column("login", sa.String(length=254), nullable=False),
        sa.Column("login_key", sa.String(length=254), nullable=False, unique=True),
        sa.Column("display_name", sa.String(length=100), nullable=False),
        sa.Column("password_hash", sa.String(length=200), nullable=False),
        sa.Column("session_epoch", sa.Integer(), server_default="0", nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("signed_in_at", sa.DateTime(timezone=True), nullable=True),
    )
    op.create_index("ix_accounts_programme_id", "accounts", ["programme_id"])
    op.create_table(
        "account_tokens",
        sa.Column("token_hash", sa.String(length=64), primary_key=True),
        sa.Column("account_id", sa.String(length=36), sa.ForeignKey("accounts.id"), nullable=False),
        sa.Column("label", sa.String(length=100), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("revoked_at", sa.DateTime(timezone=True), nullable=True),
    )
    op.create_index("ix_account_tokens_account_id", "account_tokens", ["account_id"])
    op.create_table(
        "invitations",
        sa.Column("id", sa.String(length=36), primary_key=True),
        sa.Column("token_hash", sa.String(length=64), nullable=False, unique=True),
        sa.Column("programme_id", sa.String(length=36), sa.ForeignKey("programmes.id"), nullable=False),
        sa.Column("role", sa.String(length=16), nullable=False),
        sa.Column("workshop_id", sa.String(length=36), nullable=True),
        sa.Column("note", sa.String(length=100), nullable=True),
        sa.Column("invited_by", sa.String(length=36), sa.ForeignKey("accounts.id"), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("expires_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("accepted_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("accepted_by", sa.String(length=36), nullable=True),
        sa.Column("revoked_at", sa.DateTime(timezone=True), nullable=True),
    )
    op.create_index("ix_invitations_programme_id", "invitations", ["programme_id"])
    op.create_table(
        "workshop_facilitators",
        sa.Column("workshop_id", sa.String(length=36), sa.ForeignKey("workshops.id"), primary_key=True),
        sa.Column("account_id", sa.String(length=36), sa.ForeignKey("accounts.id"), primary_key=True),
        sa.Column("added_at", sa.DateTime(timezone=True), nullable=False),
    )
    op.create_table(
        "organisation_progress",
        sa.Column("organisation_id", sa.String(length=36), primary_key=True),
        sa.Column("workshop_id", sa.String(length=36), nullable=False),
        sa.Column("submitted_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("report_ready_at", sa.DateTime(timezone=True), nullable=True),
    )
    op.create_index("ix_organisation_progress_workshop_id", "organisation_progress", ["workshop_id"])
    with op.batch_alter_table("workshops", schema=None) as batch_op:
        batch_op.add_column(sa.Column("programme_id", sa.String(length=36), nullable=True))
        batch_op.add_column(sa.Column("creation_key", sa.String(length=64), nullable=True))
        batch_op.create_index("ix_workshops_programme_id", ["programme_id"], unique=False)
        batch_op.create_unique_constraint("uq_workshops_creation_key", ["creation_key"])
        batch_op.create_foreign_key("fk_workshops_programme_id", "programmes", ["programme_id"], ["id"])
    with op.batch_alter_table("access_tokens", schema=None) as batch_op:
        batch_op.add_column(sa.Column("account_id", sa.String(length=36), nullable=True))
        batch_op.create_index("ix_access_tokens_account_id", ["account_id"], unique=False)
    _adopt_earlier_workshops()


def _adopt_earlier_workshops() -> None:
    connection = op.get_bind()
    if connection.execute(sa.text("SELECT count(*) FROM workshops")).scalar() == 0:
        return
    programme_id = str(uuid.uuid4())
    connection.execute(
        sa.text("INSERT INTO programmes (id, name, created_at) VALUES (:id, :name, :at)"),
        {"id": programme_id, "name": DEFAULT_PROGRAMME, "at": dt.datetime.now(dt.UTC)},
    )
    connection.execute(sa.text("UPDATE workshops SET programme_id = :id"), {"id": programme_id})


def downgrade() -> None:
    with op.batch_alter_table("access_tokens", schema=None) as batch_op:
        batch_op.drop_index("ix_access_tokens_account_id")
        batch_op.drop_column("account_id")
    with op.batch_alter_table("workshops", schema=None) as batch_op:
        batch_op.drop_constraint("fk_workshops_programme_id", type_="foreignkey")
        batch_op.drop_constraint("uq_workshops_creation_key", type_="unique")
        batch_op.drop_index("ix_workshops_programme_id")
        batch_op.drop_column("creation_key")
        batch_op.drop_column("programme_id")
    op.drop_table("organisation_progress")
    op.drop_table("workshop_facilitators")
    op.drop_table("invitations")
    op.drop_table("account_tokens")
    op.drop_table("accounts")
    op.drop_table("programmes")
