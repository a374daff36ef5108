"""The JSON Schema of a record, generated from the pydantic models (the contract)."""

from __future__ import annotations

import json
from pathlib import Path

SCHEMA_PATH = Path("schemas/report.schema.json")


def schema_json() -> str:
    """The JSON Schema of a record (Report or ErrorRecord), as written to schemas/."""
    from pydantic import TypeAdapter

    from .models import Record

    schema = TypeAdapter(Record).json_schema()
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["title"] = "giamsat record"
    return json.dumps(schema, ensure_ascii=False, indent=2) + "\n"
