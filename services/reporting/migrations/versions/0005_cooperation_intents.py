"""cooperation intents: reporting's copy of each intent's newest revision, and the agreed
intents each report and summary printed

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-04 02:00:00.000000
"""

from alembic import op
import sqlalchemy as sa


revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "cooperation_intents",
        sa.Column("intent_id", sa.String(length=36), nullable=False),
        sa.Column("workshop_id", sa.String(length=36), nullable=False),
        sa.Column("proposer_id", sa.String(length=36), nullable=False),
        sa.Column("partner_id", sa.String(length=36), nullable=False),
        sa.Column("kind", sa.String(length=32), nullable=False),
        sa.Column("what", sa.Text(), nullable=False),
        sa.Column("target_month", sa.String(length=7), nullable=False),
        sa.Column("state", sa.String(length=16), nullable=False),
        sa.Column("recorded_by", sa.String(length=16), nullable=False),
        sa.Column("revision", sa.Integer(), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("intent_id"),
    )
    with op.batch_alter_table("cooperation_intents", schema=None) as batch_op:
        for column in ("workshop_id", "proposer_id", "partner_id"):
            batch_op.create_index(batch_op.f(f"ix_cooperation_intents_{column}"), [column], unique=False)
    for table in ("reports", "summaries"):
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.add_column(sa.Column("intents_mark", sa.String(length=64), nullable=False, server_default=""))


def downgrade() -> None:
    for table in ("summaries", "reports"):
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.drop_column("intents_mark")
    with op.batch_alter_table("cooperation_intents", schema=None) as batch_op:
        for column in ("partner_id", "proposer_id", "workshop_id"):
            batch_op.drop_index(batch_op.f(f"ix_cooperation_intents_{column}"))
    op.drop_table("cooperation_intents")
