"""Error kinds: one list in the model, and the code writes no other."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from extract.document import IngestError
from extract.models import ERROR_KINDS, ErrorInfo

SRC = Path(__file__).resolve().parents[1] / "src" / "extract"
# a kind written as a literal where an error is raised or made
_KIND = re.compile(r"""(?:IngestError\(\s*|error_result\([^,()]+,\s*|_error\([^,()]+,\s*|kind\s*=\s*|kind,\s*message\s*=\s*)"([a-z-]+)\"""")


def test_an_unknown_kind_is_refused_where_it_is_raised():
    with pytest.raises(ValueError, match="unknown error kind 'bogus'"):
        IngestError("bogus", "x")
    with pytest.raises(ValueError):
        ErrorInfo(kind="timeout", message="x")
    assert IngestError("limit", "x").kind == "limit"


def test_every_kind_the_code_writes_is_in_the_model():
    written = {m.group(1) for path in SRC.rglob("*.py") if "migrations" not in path.parts
               for m in _KIND.finditer(path.read_text(encoding="utf-8"))}
    written -= {"paragraph", "heading", "table_cell", "furniture", "stable"}  # block and other kinds, not errors
    assert {"encoding", "corrupt", "limit", "fetch", "internal"} <= written  # the scan finds them at all
    assert written <= set(ERROR_KINDS), f"kinds not in models.ErrorKind: {sorted(written - set(ERROR_KINDS))}"
