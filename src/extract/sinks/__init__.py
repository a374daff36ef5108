"""Where records go: ``jsonl`` (a file or stdout, crash-safe and resumable) and ``sql``
(SQLAlchemy tables, created and upgraded by Alembic migrations). Each sink says which
documents it already holds, so ``giamsat extract --resume`` writes only what is missing."""
