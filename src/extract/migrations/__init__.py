"""Alembic migrations of the database schema (``extract.sinks.sql``).

The tool runs them itself (``sinks.sql.migrate``): ``giamsat extract --db URL`` creates
or upgrades the tables before writing. To change the schema, change the models in
``sinks/sql.py``, then add a revision beside ``versions/0001_initial.py``, e.g.::

    python -c "from alembic import command; from extract.sinks.sql import *; \\
        from alembic.config import Config; c = Config(); \\
        c.set_main_option('script_location', str(MIGRATIONS)); \\
        c.set_main_option('sqlalchemy.url', 'sqlite:////tmp/at-head.db'); \\
        command.revision(c, 'what changed', autogenerate=True)"

against a database at the current head, and read what it wrote; ``tests/sinks/test_db.py``
fails while the migrated schema and the models differ.
"""
