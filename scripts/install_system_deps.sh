#!/usr/bin/env bash
# System packages the pipeline itself needs (not the test database: see start_test_postgres.sh):
# Tesseract with Indonesian and English data, for decree pages that are scans with no text layer.
# Installs from Debian when missing and we are root; otherwise says so in one line and goes on
# (a run meets a scanned page with the same one-line message, and everything else still works).
set -uo pipefail

have_tesseract() {
  command -v tesseract >/dev/null 2>&1 || return 1
  local langs
  langs=$(tesseract --list-langs 2>/dev/null) || return 1
  grep -qx ind <<<"$langs" && grep -qx eng <<<"$langs"
}

have_tesseract && exit 0
if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then
  echo "installing tesseract-ocr tesseract-ocr-ind from Debian packages..." >&2
  { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq tesseract-ocr tesseract-ocr-ind; } >/dev/null 2>&1
fi
have_tesseract || echo "WARNING: OCR engine not installed (need root and apt-get: apt-get install tesseract-ocr tesseract-ocr-ind); scanned decree pages cannot be read" >&2
exit 0
