"""workshop rounds: a closed workshop's follow-up rounds, numbered 2, 3, … (issue 21)

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-04 20:30:00
"""

from alembic import op
import sqlalchemy as sa


revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "workshop_rounds",
        sa.Column("id", sa.String(length=36), primary_key=True),
        sa.Column("workshop_id", sa.String(length=36), sa.ForeignKey("workshops.id"), nullable=False, index=True),
        sa.Column("number", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("opens_on", sa.Date(), nullable=False),
        sa.Column("opened_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("opened_by", sa.String(length=36), nullable=True),
        sa.Column("closed_at", sa.DateTime(timezone=True), nullable=True),
        sa.UniqueConstraint("workshop_id", "number", name="uq_workshop_round_number"),
    )


def downgrade() -> None:
    op.drop_table("workshop_rounds")
