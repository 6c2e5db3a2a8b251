"""cooperation intents between two organisations of one workshop

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-04 01:25:00.000000
"""

from alembic import op
import sqlalchemy as sa


revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "cooperation_intents",
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("workshop_id", sa.String(length=36), nullable=False),
        sa.Column("proposer_id", sa.String(length=36), nullable=False),
        sa.Column("partner_id", sa.String(length=36), nullable=False),
        sa.Column("kind", sa.String(length=32), nullable=False),
        sa.Column("what", sa.String(length=200), nullable=False),
        sa.Column("target_month", sa.String(length=7), nullable=False),
        sa.Column("state", sa.String(length=16), nullable=False),
        sa.Column("recorded_by", sa.String(length=16), nullable=False),
        sa.Column("revision", sa.Integer(), server_default="1", nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("answered_at", sa.DateTime(timezone=True), nullable=True),
        sa.PrimaryKeyConstraint("id"),
    )
    for column in ("workshop_id", "proposer_id", "partner_id"):
        op.create_index(op.f(f"ix_cooperation_intents_{column}"), "cooperation_intents", [column], unique=False)


def downgrade() -> None:
    for column in ("workshop_id", "proposer_id", "partner_id"):
        op.drop_index(op.f(f"ix_cooperation_intents_{column}"), table_name="cooperation_intents")
    op.drop_table("cooperation_intents")
