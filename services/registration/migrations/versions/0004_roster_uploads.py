"""roster uploads: a previewed roster file, kept until it is imported once

Revision ID: 0004
Revises: 0003
Create Date: 2026-12-03 10:40:00
"""

from alembic import op
import sqlalchemy as sa


revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "roster_uploads",
        sa.Column("id", sa.String(length=36), primary_key=True),
        sa.Column("workshop_id", sa.String(length=36), sa.ForeignKey("workshops.id"), nullable=False, index=True),
        sa.Column("filename", sa.String(length=255), nullable=False),
        sa.Column("content", sa.LargeBinary(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("imported_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("imported", sa.Integer(), nullable=True),
    )


def downgrade() -> None:
    op.drop_table("roster_uploads")
