"""snapshots summaries

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-27 11:57:42.004793
"""

from alembic import op
import sqlalchemy as sa


revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "appendices",
        sa.Column("instrument_version", sa.String(length=16), nullable=False),
        sa.Column("content", sa.JSON(), nullable=False),
        sa.PrimaryKeyConstraint("instrument_version"),
    )
    op.create_table(
        "cohort_snapshots",
        sa.Column("workshop_id", sa.String(length=36), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("instrument_version", sa.String(length=16), nullable=False),
        sa.Column("figures", sa.JSON(), nullable=False),
        sa.Column("view", sa.JSON(), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("workshop_id"),
    )
    op.create_table(
        "diagnosis_snapshots",
        sa.Column("organisation_id", sa.String(length=36), nullable=False),
        sa.Column("workshop_id", sa.String(length=36), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("instrument_version", sa.String(length=16), nullable=False),
        sa.Column("result", sa.JSON(), nullable=False),
        sa.Column("inputs", sa.JSON(), server_default="{}", nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("organisation_id"),
    )
    with op.batch_alter_table("diagnosis_snapshots", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_diagnosis_snapshots_workshop_id"), ["workshop_id"], unique=False)

    op.create_table(
        "organisation_profiles",
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("workshop_id", sa.String(length=36), nullable=False),
        sa.Column("name_zh", sa.String(length=200), nullable=False),
        sa.Column("name_en", sa.String(length=200), nullable=True),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("profile", sa.JSON(), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("organisation_profiles", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_organisation_profiles_workshop_id"), ["workshop_id"], unique=False)

    op.create_table(
        "summaries",
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("workshop_id", sa.String(length=36), nullable=False),
        sa.Column("cohort_version", sa.Integer(), nullable=False),
        sa.Column("language", sa.String(length=8), nullable=False),
        sa.Column("xlsx_path", sa.String(length=500), nullable=True),
        sa.Column("csv_path", sa.String(length=500), nullable=True),
        sa.Column("state", sa.String(length=16), nullable=False),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("worker", sa.String(length=200), nullable=True),
        sa.Column("file_path", sa.String(length=500), nullable=True),
        sa.Column("checksum", sa.String(length=64), nullable=True),
        sa.Column("error", sa.Text(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("enqueued_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("started_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("finished_at", sa.DateTime(timezone=True), nullable=True),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("workshop_id", "cohort_version", "language", name="uq_summary_per_version"),
    )
    with op.batch_alter_table("summaries", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_summaries_state"), ["state"], unique=False)
        batch_op.create_index(batch_op.f("ix_summaries_workshop_id"), ["workshop_id"], unique=False)

    op.create_table(
        "workshop_profiles",
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("title_zh", sa.String(length=200), nullable=True),
        sa.Column("title_en", sa.String(length=200), nullable=True),
        sa.Column("province", sa.String(length=50), nullable=True),
        sa.Column("city", sa.String(length=100), nullable=True),
        sa.Column("venue", sa.String(length=200), nullable=True),
        sa.Column("starts_on", sa.Date(), nullable=True),
        sa.Column("ends_on", sa.Date(), nullable=True),
        sa.Column("status", sa.String(length=16), nullable=True),
        sa.Column("agenda", sa.JSON(), nullable=True),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("reports", schema=None) as batch_op:
        batch_op.add_column(sa.Column("cohort_version", sa.Integer(), server_default="0", nullable=False))
        batch_op.add_column(sa.Column("checksum", sa.String(length=64), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("reports", schema=None) as batch_op:
        batch_op.drop_column("checksum")
        batch_op.drop_column("cohort_version")

    op.drop_table("workshop_profiles")
    with op.batch_alter_table("summaries", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_summaries_workshop_id"))
        batch_op.drop_index(batch_op.f("ix_summaries_state"))

    op.drop_table("summaries")
    with op.batch_alter_table("organisation_profiles", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_organisation_profiles_workshop_id"))

    op.drop_table("organisation_profiles")
    with op.batch_alter_table("diagnosis_snapshots", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_diagnosis_snapshots_workshop_id"))

    op.drop_table("diagnosis_snapshots")
    op.drop_table("cohort_snapshots")
    op.drop_table("appendices")
