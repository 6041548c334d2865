"""Alembic environment: the engine is handed over by :func:`hague.store.db.upgrade`."""

from alembic import context

from hague.store.models import Base


def run() -> None:
    engine = context.config.attributes["engine"]
    with engine.connect() as connection:
        sqlite = engine.dialect.name == "sqlite"
        if sqlite:  # a batch migration rebuilds tables: foreign keys are checked after it, not during (SQLite docs)
            connection.connection.driver_connection.execute("PRAGMA foreign_keys=OFF")
        try:
            with connection.begin():
                context.configure(connection=connection, target_metadata=Base.metadata, render_as_batch=True)
                context.run_migrations()
                if sqlite:
                    bad = connection.exec_driver_sql("PRAGMA foreign_key_check").fetchall()
                    if bad:
                        raise RuntimeError(f"migration left rows with broken foreign keys: {bad[:5]}")
        finally:
            if sqlite:
                connection.connection.driver_connection.execute("PRAGMA foreign_keys=ON")


if getattr(context, "config", None) is not None:  # only inside an Alembic run (not when a test collector imports it)
    run()
