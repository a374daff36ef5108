"""Word 97 ``.doc``, RTF and OpenDocument text: converted to .docx by LibreOffice, then read as one.

Why LibreOffice. Councils publish Word 97 files every day, typed in Unicode (UTF-16 pieces
of the file) or in the legacy fonts TCVN3/VNI, with the header block in a table, tables of
figures, and some holding only a scanned page as a picture. The converters Debian packages
were tried on one .doc holding every Vietnamese vowel with each tone mark, and đ/Đ, in both
cases, and on the project's reports rendered to .doc:

* LibreOffice headless (``libreoffice-writer-nogui``): every letter intact; paragraphs,
  tables (cell by cell) and pictures kept. Its .docx goes through the .docx reader
  (``docx.read_docx``), so a .doc gets exactly what a .docx gets: headings, labelled table
  cells, legacy-font decoding, and pictures of scanned pages OCR'd.
* ``antiword``: refused the short file ("the text stream of this file is too small to
  handle"); the reports it read with lines hard-wrapped, and tables drawn as text grids
  whose cells wrap over several lines. No pictures.
* ``catdoc``: letters intact, but lines hard-wrapped (rows of tables too), pictures gone.
* ``wv`` (``wvText``): needs a text-mode browser to make text; without one it was killed.

So LibreOffice, one process per file (about 1.2 s and 210 MB here, started afresh each time),
with the same converter for RTF and OpenDocument text at no cost. It runs:

* with a fresh private profile in a temporary folder removed afterwards, so workers
  converting at once never share one (LibreOffice allows one process per profile);
* without network: linked pictures are not fetched (LibreOffice would, to convert them): its
  profile blocks links from untrusted documents and sends any HTTP(S) request to a closed
  port on the loopback (both checked, each alone, against a .docx linking a picture on a
  local server: no request arrived);
* with macros off, in its own process group, killed whole after a timeout bounded by the
  document's time limit (``--max-seconds``); under the worker's memory limit, which it inherits.

Where LibreOffice is missing the input is an error record of kind "converter-unavailable"
whose message names the Debian package to install.
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import tempfile
from functools import lru_cache
from pathlib import Path

from ..document import Document, IngestError

SOFFICE = "soffice"
PACKAGE = "libreoffice-writer-nogui"
INSTALL_HINT = f"install {PACKAGE} (Debian package; libreoffice-writer works too)"
TIMEOUT = 120.0  # seconds for one conversion, at most (a .doc of some 300 pages of reports takes 3 s here)

# What each kind is called in messages, and the suffix LibreOffice is given (it also sniffs).
KINDS = {
    "application/msword": ("Word 97-2003 (.doc) file", ".doc"),
    "application/rtf": ("RTF file", ".rtf"),
    "application/vnd.oasis.opendocument.text": ("OpenDocument text (.odt) file", ".odt"),
}

# The private profile's settings: no macros, no fetching of linked content.
_SETTINGS = """<?xml version="1.0" encoding="UTF-8"?>
<oor:items xmlns:oor="http://openoffice.org/2001/registry" xmlns:xs="http://www.w3.org/2001/XMLSchema" \
xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">
<item oor:path="/org.openoffice.Office.Common/Security/Scripting"><prop oor:name="BlockUntrustedRefererLinks" \
oor:op="fuse"><value>true</value></prop></item>
<item oor:path="/org.openoffice.Office.Common/Security/Scripting"><prop oor:name="DisableMacrosExecution" \
oor:op="fuse"><value>true</value></prop></item>
<item oor:path="/org.openoffice.Office.Common/Security/Scripting"><prop oor:name="MacroSecurityLevel" \
oor:op="fuse"><value>3</value></prop></item>
<item oor:path="/org.openoffice.Inet/Settings"><prop oor:name="ooInetProxyType" oor:op="fuse"><value>2</value></prop></item>
<item oor:path="/org.openoffice.Inet/Settings"><prop oor:name="ooInetHTTPProxyName" oor:op="fuse"><value>127.0.0.1</value>\
</prop></item>
<item oor:path="/org.openoffice.Inet/Settings"><prop oor:name="ooInetHTTPProxyPort" oor:op="fuse"><value>9</value></prop></item>
<item oor:path="/org.openoffice.Inet/Settings"><prop oor:name="ooInetHTTPSProxyName" oor:op="fuse"><value>127.0.0.1</value>\
</prop></item>
<item oor:path="/org.openoffice.Inet/Settings"><prop oor:name="ooInetHTTPSProxyPort" oor:op="fuse"><value>9</value></prop></item>
<item oor:path="/org.openoffice.Inet/Settings"><prop oor:name="ooInetNoProxy" oor:op="fuse"><value></value></prop></item>
</oor:items>
"""


@lru_cache(maxsize=4)
def _find(binary: str) -> str | None:
    return shutil.which(binary)


def status() -> str | None:
    """None when the converter can run, else why not (with what to install)."""
    if _find(SOFFICE) is None:
        return f"LibreOffice is not installed ({SOFFICE!r} not found); {INSTALL_HINT}"
    return None


def _timeout() -> float:
    from . import limits

    seconds = limits().max_seconds
    return min(TIMEOUT, seconds) if seconds else TIMEOUT


def to_docx(data: bytes, media_type: str) -> bytes:
    """The file converted to .docx by LibreOffice; an ``IngestError`` says why it could not be."""
    from . import limits

    what, suffix = KINDS[media_type]
    reason = status()
    if reason is not None:
        raise IngestError("converter-unavailable", f"this {what} cannot be read without LibreOffice, which converts "
                                                   f"it: {reason}")
    timeout = _timeout()
    with tempfile.TemporaryDirectory(prefix="giamsat-convert-") as tmp:
        folder = Path(tmp)
        source = folder / f"input{suffix}"
        source.write_bytes(data)
        profile = folder / "profile"
        (profile / "user").mkdir(parents=True)
        (profile / "user" / "registrymodifications.xcu").write_text(_SETTINGS, encoding="utf-8")
        out = folder / "out"
        binary = _find(SOFFICE) or SOFFICE
        env = dict(os.environ, TMPDIR=tmp, SAL_USE_VCLPLUGIN="svp")
        env.pop("DISPLAY", None)
        try:
            process = subprocess.Popen(
                [binary, "--headless", "--norestore", "--nologo", "--nodefault", "--nolockcheck",
                 f"-env:UserInstallation={profile.as_uri()}", "--convert-to", "docx:MS Word 2007 XML",
                 "--outdir", str(out), str(source)],
                stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=subprocess.PIPE, cwd=tmp, env=env,
                start_new_session=True)
        except OSError as exc:
            raise IngestError("converter-unavailable", f"LibreOffice could not be started ({exc}); "
                                                       f"{INSTALL_HINT}") from exc
        try:
            _, err = process.communicate(timeout=timeout)
        except subprocess.TimeoutExpired:
            _kill(process)
            raise IngestError("limit", f"LibreOffice took longer than {timeout:g} s to convert the {what}; gave up "
                                       "(raise --max-seconds if the file is genuine)") from None
        except BaseException:  # the document's time limit, an interrupt: LibreOffice must not outlive it
            _kill(process)
            raise
        result = out / "input.docx"
        if not result.is_file():
            said = [line for line in err.decode("utf-8", "replace").splitlines()
                    if line.strip() and "javaldx" not in line]
            memory = limits().memory_mb
            hint = (f" (or LibreOffice ran out of memory: --max-memory-mb {memory})"
                    if memory and process.returncode not in (0, None) else "")
            raise IngestError("corrupt", f"LibreOffice could not read the {what}: damaged, or not what its content "
                                         f"says{hint}" + (f" ({said[-1].strip()})" if said else ""))
        return result.read_bytes()


def _kill(process: subprocess.Popen) -> None:
    """Kill the converter with every process it started (LibreOffice runs a launcher and a worker)."""
    try:
        os.killpg(process.pid, signal.SIGKILL)
    except (ProcessLookupError, PermissionError):
        process.kill()
    process.wait()


def read_office(data: bytes, media_type: str) -> Document:
    """A .doc, .rtf or .odt file as the .docx reader reads its LibreOffice conversion."""
    from .docx import read_docx

    return read_docx(to_docx(data, media_type))


__all__ = ["INSTALL_HINT", "KINDS", "PACKAGE", "read_office", "status", "to_docx"]
