"""organisation profiles, access tokens, agenda

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-27 10:58:03.600681
"""

from alembic import op
import sqlalchemy as sa


revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "access_tokens",
        sa.Column("token_hash", sa.String(length=64), nullable=False),
        sa.Column("role", sa.String(length=16), nullable=False),
        sa.Column("workshop_id", sa.String(length=36), nullable=False),
        sa.Column("organisation_id", sa.String(length=36), nullable=True),
        sa.Column("revoked_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("label", sa.String(length=100), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("token_hash"),
        sa.UniqueConstraint("id"),
    )
    with op.batch_alter_table("access_tokens", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_access_tokens_organisation_id"), ["organisation_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_access_tokens_workshop_id"), ["workshop_id"], unique=False)

    with op.batch_alter_table("organisations", schema=None) as batch_op:
        batch_op.add_column(sa.Column("status", sa.String(length=16), server_default="registered", nullable=False))
        batch_op.add_column(sa.Column("credit_code", sa.String(length=18), nullable=True))
        batch_op.add_column(sa.Column("legal_form", sa.String(length=32), nullable=True))
        batch_op.add_column(sa.Column("founded_year", sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column("years_in_sector", sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column("focus_areas", sa.JSON(), server_default="[]", nullable=False))
        batch_op.add_column(sa.Column("service_region", sa.String(length=100), nullable=True))
        batch_op.add_column(sa.Column("leader_name", sa.String(length=50), nullable=True))
        batch_op.add_column(sa.Column("mobile", sa.String(length=11), nullable=True))
        batch_op.add_column(sa.Column("email", sa.String(length=254), nullable=True))
        batch_op.add_column(sa.Column("staff_full_time", sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column("staff_part_time", sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column("volunteers", sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column("updated_at", sa.DateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column("withdrawn_at", sa.DateTime(timezone=True), nullable=True))
        batch_op.drop_constraint(batch_op.f("uq_organisation_name_per_workshop"), type_="unique")
        batch_op.create_index(
            "uq_active_credit_code_per_workshop",
            ["workshop_id", "credit_code"],
            unique=True,
            sqlite_where=sa.text("status != 'withdrawn'"),
            postgresql_where=sa.text("status != 'withdrawn'"),
        )
        batch_op.create_index(
            "uq_active_name_per_workshop",
            ["workshop_id", "name_key"],
            unique=True,
            sqlite_where=sa.text("status != 'withdrawn'"),
            postgresql_where=sa.text("status != 'withdrawn'"),
        )

    with op.batch_alter_table("workshops", schema=None) as batch_op:
        batch_op.add_column(sa.Column("province", sa.String(length=50), server_default="", nullable=False))
        batch_op.add_column(sa.Column("venue", sa.String(length=200), nullable=True))
        batch_op.add_column(sa.Column("language", sa.String(length=8), server_default="zh", nullable=False))
        batch_op.add_column(sa.Column("talk_minutes", sa.Integer(), server_default="2", nullable=False))
        batch_op.add_column(sa.Column("break_every", sa.Integer(), server_default="12", nullable=False))
        batch_op.add_column(sa.Column("break_minutes", sa.Integer(), server_default="10", nullable=False))
        batch_op.add_column(sa.Column("agenda_starts_at", sa.Time(), server_default="09:00:00", nullable=False))
        batch_op.add_column(
            sa.Column("agenda_order", sa.String(length=16), server_default="longest_first", nullable=False)
        )
        batch_op.add_column(sa.Column("agenda_layout", sa.JSON(), nullable=True))
        batch_op.add_column(sa.Column("updated_at", sa.DateTime(timezone=True), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("workshops", schema=None) as batch_op:
        batch_op.drop_column("updated_at")
        batch_op.drop_column("agenda_layout")
        batch_op.drop_column("agenda_order")
        batch_op.drop_column("agenda_starts_at")
        batch_op.drop_column("break_minutes")
        batch_op.drop_column("break_every")
        batch_op.drop_column("talk_minutes")
        batch_op.drop_column("language")
        batch_op.drop_column("venue")
        batch_op.drop_column("province")

    with op.batch_alter_table("organisations", schema=None) as batch_op:
        batch_op.drop_index(
            "uq_active_name_per_workshop",
            sqlite_where=sa.text("status != 'withdrawn'"),
            postgresql_where=sa.text("status != 'withdrawn'"),
        )
        batch_op.drop_index(
            "uq_active_credit_code_per_workshop",
            sqlite_where=sa.text("status != 'withdrawn'"),
            postgresql_where=sa.text("status != 'withdrawn'"),
        )
        batch_op.create_unique_constraint(batch_op.f("uq_organisation_name_per_workshop"), ["workshop_id", "name_key"])
        batch_op.drop_column("withdrawn_at")
        batch_op.drop_column("updated_at")
        batch_op.drop_column("volunteers")
        batch_op.drop_column("staff_part_time")
        batch_op.drop_column("staff_full_time")
        batch_op.drop_column("email")
        batch_op.drop_column("mobile")
        batch_op.drop_column("leader_name")
        batch_op.drop_column("service_region")
        batch_op.drop_column("focus_areas")
        batch_op.drop_column("years_in_sector")
        batch_op.drop_column("founded_year")
        batch_op.drop_column("legal_form")
        batch_op.drop_column("credit_code")
        batch_op.drop_column("status")

    with op.batch_alter_table("access_tokens", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_access_tokens_workshop_id"))
        batch_op.drop_index(batch_op.f("ix_access_tokens_organisation_id"))

    op.drop_table("access_tokens")
