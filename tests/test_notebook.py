"""notebooks/walkthrough.ipynb runs from top to bottom on the repository's corpus (so it never goes stale)."""

from __future__ import annotations

import time

import pytest

from conftest import ROOT

NOTEBOOK = ROOT / "notebooks" / "walkthrough.ipynb"
ARTIFACTS = ROOT / "out" / "artifacts"


def test_walkthrough_notebook_runs(monkeypatch):
    for module in ("nbformat", "nbclient", "ipykernel", "pandas", "matplotlib"):
        pytest.importorskip(module, reason=f"{module} is not installed: pip install -e '.[test]'")
    import nbformat
    from nbclient import NotebookClient

    monkeypatch.setenv("MPLBACKEND", "Agg")  # the kernel inherits it: no GUI backend, ever
    nb = nbformat.read(NOTEBOOK, as_version=4)
    assert not any(c.get("outputs") for c in nb.cells if c.cell_type == "code"), "commit the notebook without outputs"
    started = time.perf_counter()
    client = NotebookClient(nb, timeout=180, kernel_name="python3", resources={"metadata": {"path": str(NOTEBOOK.parent)}})
    try:
        client.execute()  # raises CellExecutionError, with the cell and its traceback, when a cell fails
    finally:
        ARTIFACTS.mkdir(parents=True, exist_ok=True)
        nbformat.write(nb, ARTIFACTS / "walkthrough.ipynb")
        print(f"executed notebook: {ARTIFACTS / 'walkthrough.ipynb'} ({time.perf_counter() - started:.0f} s)")

    outputs = [o for c in nb.cells if c.cell_type == "code" for o in c.outputs]
    assert not [o for o in outputs if o.output_type == "error"]
    charts = [o for o in outputs if "image/png" in o.get("data", {})]
    assert len(charts) == 3, "figures by category, online services by level, recommendations per addressee"
    text = "".join(o.get("text", "") for o in outputs if o.output_type == "stream")
    assert "0 schema error(s)" in text
    assert "cấp huyện đạt 100%" in text and "mức độ 4" in text  # the seed page's online-service rates were found
