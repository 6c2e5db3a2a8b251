"""workshop settles: reports follow their cohort by themselves

Revision ID: 0004
Revises: 0003
Create Date: 2026-12-02 07:30:00.000000
"""

from alembic import op
import sqlalchemy as sa

from services.common.clock import now
from services.common.tables import UtcDateTime


revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "workshop_settles",
        sa.Column("workshop_id", sa.String(length=36), nullable=False),
        sa.Column("due_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("enqueued_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("settled_at", sa.DateTime(timezone=True), nullable=True),
        sa.PrimaryKeyConstraint("workshop_id"),
    )
    with op.batch_alter_table("workshop_settles", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_workshop_settles_due_at"), ["due_at"], unique=False)
    # Every workshop with a cohort gets its row; one whose reports were left out of date
    # (the former "stale") is due at once, so the sweeper brings it up to date.
    op.execute(
        sa.text(
            "INSERT INTO workshop_settles (workshop_id, due_at) "
            "SELECT c.workshop_id, CASE WHEN EXISTS ("
            "  SELECT 1 FROM reports r WHERE r.workshop_id = c.workshop_id"
            "  AND r.state = 'ready' AND r.cohort_version < c.version"
            ") THEN :moment ELSE NULL END FROM cohort_snapshots c"
        ).bindparams(sa.bindparam("moment", now(), type_=UtcDateTime()))
    )


def downgrade() -> None:
    with op.batch_alter_table("workshop_settles", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_workshop_settles_due_at"))
    op.drop_table("workshop_settles")
