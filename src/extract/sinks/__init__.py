"""Where records go: ``jsonl`` (a file or stdout, crash-safe and resumable) and ``sql``
(SQLAlchemy tables, created and upgraded by Alembic migrations). Each sink says which
documents it already holds, so ``giamsat extract --resume`` writes only what is missing."""

# The database --db means when given no URL; kept here so commands need not import SQLAlchemy to show it.
DEFAULT_URL = "sqlite:///giamsat.db"
