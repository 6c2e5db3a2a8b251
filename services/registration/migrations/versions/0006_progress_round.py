"""the round an organisation's progress counts (a follow-up round counts afresh)

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-04 21:25:00.000000
"""

from alembic import op
import sqlalchemy as sa


revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("organisation_progress", schema=None) as batch_op:
        batch_op.add_column(sa.Column("round", sa.Integer(), server_default="1", nullable=False))


def downgrade() -> None:
    with op.batch_alter_table("organisation_progress", schema=None) as batch_op:
        batch_op.drop_column("round")
