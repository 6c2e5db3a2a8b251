"""follow-up rounds: every response, diagnosis and cohort belongs to a round (1: the
workshop itself); a follow-up's own answers (what changed, actions, intents) and its rings

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-04 20:40:00.000000
"""

from alembic import op
import sqlalchemy as sa


revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None

ROUNDED = ("responses", "diagnoses", "cohorts")


def upgrade() -> None:
    with op.batch_alter_table("known_workshops", schema=None) as batch_op:
        batch_op.add_column(sa.Column("current_round", sa.Integer(), server_default="1", nullable=False))
    for table in ROUNDED:
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.add_column(sa.Column("round", sa.Integer(), server_default="1", nullable=False))
    with op.batch_alter_table("responses", schema=None) as batch_op:
        batch_op.add_column(sa.Column("follow_up", sa.JSON(), server_default="{}", nullable=False))
    with op.batch_alter_table("diagnoses", schema=None) as batch_op:
        batch_op.add_column(sa.Column("rings", sa.JSON(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("diagnoses", schema=None) as batch_op:
        batch_op.drop_column("rings")
    with op.batch_alter_table("responses", schema=None) as batch_op:
        batch_op.drop_column("follow_up")
    for table in ROUNDED:
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.drop_column("round")
    with op.batch_alter_table("known_workshops", schema=None) as batch_op:
        batch_op.drop_column("current_round")
