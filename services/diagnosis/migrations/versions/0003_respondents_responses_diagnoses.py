"""respondents responses diagnoses

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-27 11:16:20.598976
"""

from alembic import op
import sqlalchemy as sa
from sqlalchemy.dialects import sqlite

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "diagnoses",
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("organisation_id", sa.String(length=36), nullable=False),
        sa.Column("workshop_id", sa.String(length=36), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("instrument_version", sa.String(length=16), nullable=False),
        sa.Column("result", sa.JSON(), nullable=False),
        sa.Column("computed_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("organisation_id", "version", name="uq_diagnosis_version"),
    )
    with op.batch_alter_table("diagnoses", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_diagnoses_organisation_id"), ["organisation_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_diagnoses_workshop_id"), ["workshop_id"], unique=False)

    op.create_table(
        "known_workshops",
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_table(
        "respondents",
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("organisation_id", sa.String(length=36), nullable=False),
        sa.Column("role", sa.String(length=16), nullable=False),
        sa.Column("label", sa.String(length=100), nullable=True),
        sa.Column("token_hash", sa.String(length=64), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("revoked_at", sa.DateTime(timezone=True), nullable=True),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("token_hash"),
    )
    with op.batch_alter_table("respondents", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_respondents_organisation_id"), ["organisation_id"], unique=False)

    op.create_table(
        "responses",
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("respondent_id", sa.String(length=36), nullable=False),
        sa.Column("organisation_id", sa.String(length=36), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("instrument_version", sa.String(length=16), nullable=False),
        sa.Column("state", sa.String(length=16), nullable=False),
        sa.Column("answers", sa.JSON(), nullable=False),
        sa.Column("numbers", sa.JSON(), nullable=False),
        sa.Column("scan", sa.JSON(), nullable=False),
        sa.Column("scan_text", sa.Text(), nullable=True),
        sa.Column("stage_evidence", sa.JSON(), nullable=False),
        sa.Column("path_views", sa.JSON(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("submitted_at", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ["respondent_id"],
            ["respondents.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("respondent_id", "version", name="uq_response_version"),
    )
    with op.batch_alter_table("responses", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_responses_organisation_id"), ["organisation_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_responses_respondent_id"), ["respondent_id"], unique=False)

    with op.batch_alter_table("submissions", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_submissions_organisation_id"))

    # The foundation's one-rater submissions give way to respondents and their responses.
    op.drop_table("submissions")
    with op.batch_alter_table("known_organisations", schema=None) as batch_op:
        batch_op.add_column(sa.Column("profile", sa.JSON(), server_default="{}", nullable=False))


def downgrade() -> None:
    with op.batch_alter_table("known_organisations", schema=None) as batch_op:
        batch_op.drop_column("profile")

    op.create_table(
        "submissions",
        sa.Column("id", sa.VARCHAR(length=36), nullable=False),
        sa.Column("organisation_id", sa.VARCHAR(length=36), nullable=False),
        sa.Column("version", sa.INTEGER(), nullable=False),
        sa.Column("answers", sqlite.JSON(), nullable=False),
        sa.Column("overall_score", sa.FLOAT(), nullable=False),
        sa.Column("submitted_at", sa.DATETIME(), nullable=False),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("organisation_id", "version", name=op.f("uq_submission_version")),
    )
    with op.batch_alter_table("submissions", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_submissions_organisation_id"), ["organisation_id"], unique=False)

    with op.batch_alter_table("responses", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_responses_respondent_id"))
        batch_op.drop_index(batch_op.f("ix_responses_organisation_id"))

    op.drop_table("responses")
    with op.batch_alter_table("respondents", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_respondents_organisation_id"))

    op.drop_table("respondents")
    op.drop_table("known_workshops")
    with op.batch_alter_table("diagnoses", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_diagnoses_workshop_id"))
        batch_op.drop_index(batch_op.f("ix_diagnoses_organisation_id"))

    op.drop_table("diagnoses")
