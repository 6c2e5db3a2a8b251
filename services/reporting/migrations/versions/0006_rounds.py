"""follow-up rounds: diagnosis and cohort snapshots kept per round (their primary keys gain
the round), a follow-up's rings beside its diagnosis, and the round of every report and
summary; what exists stays as round 1 (the baseline)

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-04 20:30:00.000000
"""

import warnings

from alembic import op
import sqlalchemy as sa


revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None

SNAPSHOTS = {"diagnosis_snapshots": "organisation_id", "cohort_snapshots": "workshop_id"}


def _round() -> sa.Column:
    return sa.Column("round", sa.Integer(), nullable=False, server_default="1")


def _rekey(table: str, columns: list[str]) -> None:
    """The snapshot's primary key over `columns`: SQLite rebuilds the table (its key has no
    name to drop), PostgreSQL swaps the constraint it named `<table>_pkey`."""
    if op.get_bind().dialect.name == "sqlite":
        with warnings.catch_warnings():  # SQLAlchemy notes the new key replacing the reflected one
            warnings.simplefilter("ignore", sa.exc.SAWarning)
            with op.batch_alter_table(table, recreate="always") as batch_op:
                batch_op.create_primary_key(f"{table}_pkey", columns)
    else:
        op.drop_constraint(f"{table}_pkey", table, type_="primary")
        op.create_primary_key(f"{table}_pkey", table, columns)


def upgrade() -> None:
    for table, key in SNAPSHOTS.items():
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.add_column(_round())
            if table == "diagnosis_snapshots":
                batch_op.add_column(sa.Column("rings", sa.JSON(), nullable=True))
        _rekey(table, [key, "round"])
    for table in ("reports", "summaries"):
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.add_column(_round())


def downgrade() -> None:
    for table in ("summaries", "reports"):
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.drop_column("round")
    for table, key in SNAPSHOTS.items():
        op.execute(sa.text(f"DELETE FROM {table} WHERE round <> 1"))  # a baseline per key, as before
        _rekey(table, [key])
        with op.batch_alter_table(table, schema=None) as batch_op:
            if table == "diagnosis_snapshots":
                batch_op.drop_column("rings")
            batch_op.drop_column("round")
