#!/usr/bin/env bash
# Word 97 .doc, RTF and OpenDocument inputs: LibreOffice headless converts them to .docx, which
# the .docx reader reads (extract/ingest/office.py); the format tests also render .doc and .rtf
# with it (tests/ingest/test_formats.py). About 50 Debian packages, ~30 s to install here.
# packages: libreoffice-writer-nogui
# Nothing to start: check that it converts, so a broken install is said here and not only by
# the format tests skipping.
set -uo pipefail
if ! command -v soffice >/dev/null 2>&1; then
  echo "setup.d/libreoffice: soffice is not installed (libreoffice-writer-nogui); .doc tests will skip" >&2
  exit 1
fi
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
printf '{\\rtf1\\ansi H\\u7897?i \\u273?\\u7891?ng\\par}\n' >"$tmp/check.rtf"
if ! timeout 120 soffice --headless --norestore "-env:UserInstallation=file://$tmp/profile" \
    --convert-to docx --outdir "$tmp/out" "$tmp/check.rtf" >/dev/null 2>&1 || [ ! -s "$tmp/out/check.docx" ]; then
  echo "setup.d/libreoffice: soffice does not convert files; .doc tests will skip or fail" >&2
  exit 1
fi
exit 0
