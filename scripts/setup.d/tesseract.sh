#!/usr/bin/env bash
# OCR of scanned PDF pages: Tesseract with its Vietnamese model (extract/ingest/ocr.py).
# packages: tesseract-ocr tesseract-ocr-vie
# Nothing to start; check that the Vietnamese model is there, so a missing one is said here
# and not only by the OCR tests skipping.
set -uo pipefail
if ! command -v tesseract >/dev/null 2>&1; then
  echo "setup.d/tesseract: tesseract is not installed; OCR tests will skip" >&2
  exit 1
fi
if ! tesseract --list-langs 2>/dev/null | grep -qx vie; then
  echo "setup.d/tesseract: Tesseract's Vietnamese model (tesseract-ocr-vie) is missing; OCR tests will skip" >&2
  exit 1
fi
exit 0
