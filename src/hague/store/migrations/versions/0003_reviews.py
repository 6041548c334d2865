"""reviews: alliance staff's review of each submitted plan (append-only)

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-27 22:55:00
"""

import sqlalchemy as sa
from alembic import op

revision = '0003'
down_revision = '0002'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('reviews',
                    sa.Column('id', sa.Integer(), nullable=False),
                    sa.Column('submission_id', sa.Integer(), nullable=False),
                    sa.Column('reviewer_id', sa.Integer(), nullable=False),
                    sa.Column('outcome', sa.String(length=30), nullable=False),
                    sa.Column('comment', sa.Text(), nullable=False),
                    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
                    sa.ForeignKeyConstraint(['reviewer_id'], ['users.id']),
                    sa.ForeignKeyConstraint(['submission_id'], ['submissions.id']),
                    sa.PrimaryKeyConstraint('id'))
    op.create_index('ix_reviews_submission_id', 'reviews', ['submission_id'])


def downgrade() -> None:
    op.drop_index('ix_reviews_submission_id', table_name='reviews')
    op.drop_table('reviews')
