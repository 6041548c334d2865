"""Alembic environment: the engine is handed over by :func:`hague.store.db.upgrade`."""

from alembic import context

from hague.store.models import Base


def run() -> None:
    engine = context.config.attributes["engine"]
    with engine.begin() as connection:
        context.configure(connection=connection, target_metadata=Base.metadata, render_as_batch=True)
        context.run_migrations()


if getattr(context, "config", None) is not None:  # only inside an Alembic run (not when a test collector imports it)
    run()
