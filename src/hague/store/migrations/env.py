"""Alembic environment: the engine is handed over by :func:`hague.store.db.upgrade`."""

from alembic import context

from hague.store.models import Base

config = context.config
engine = config.attributes["engine"]

with engine.begin() as connection:
    context.configure(connection=connection, target_metadata=Base.metadata, render_as_batch=True)
    context.run_migrations()
