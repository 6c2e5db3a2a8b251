"""access grants

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-27 10:59:43.643936
"""

from alembic import op
import sqlalchemy as sa


revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "access_grants",
        sa.Column("token_hash", sa.String(length=64), nullable=False),
        sa.Column("role", sa.String(length=16), nullable=False),
        sa.Column("workshop_id", sa.String(length=36), nullable=False),
        sa.Column("organisation_id", sa.String(length=36), nullable=True),
        sa.Column("revoked_at", sa.DateTime(timezone=True), nullable=True),
        sa.PrimaryKeyConstraint("token_hash"),
    )
    with op.batch_alter_table("access_grants", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_access_grants_organisation_id"), ["organisation_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_access_grants_workshop_id"), ["workshop_id"], unique=False)

    with op.batch_alter_table("known_organisations", schema=None) as batch_op:
        batch_op.add_column(sa.Column("status", sa.String(length=16), server_default="registered", nullable=False))


def downgrade() -> None:
    with op.batch_alter_table("known_organisations", schema=None) as batch_op:
        batch_op.drop_column("status")

    with op.batch_alter_table("access_grants", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_access_grants_workshop_id"))
        batch_op.drop_index(batch_op.f("ix_access_grants_organisation_id"))

    op.drop_table("access_grants")
