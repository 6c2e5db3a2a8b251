"""the programme a known workshop belongs to: figures across workshops pool only within it

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-02 20:30:00.000000
"""

from alembic import op
import sqlalchemy as sa


revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("known_workshops", schema=None) as batch_op:
        batch_op.add_column(sa.Column("programme_id", sa.String(length=64), nullable=True))
        batch_op.create_index(batch_op.f("ix_known_workshops_programme_id"), ["programme_id"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("known_workshops", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_known_workshops_programme_id"))
        batch_op.drop_column("programme_id")
