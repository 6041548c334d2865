"""users.must_change_password: generated passwords must be replaced at first sign-in

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-27 22:45:00
"""

import sqlalchemy as sa
from alembic import op

revision = '0002'
down_revision = '0001'
branch_labels = None
depends_on = None


def upgrade() -> None:
    # a plain ADD COLUMN (SQLite and PostgreSQL both support it with a constant default): no table rebuild
    op.add_column('users', sa.Column('must_change_password', sa.Boolean(), nullable=False,
                                     server_default=sa.false()))


def downgrade() -> None:
    with op.batch_alter_table('users', schema=None) as batch_op:
        batch_op.drop_column('must_change_password')
