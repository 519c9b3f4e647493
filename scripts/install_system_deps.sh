#!/usr/bin/env bash
# System packages the project needs beyond Python, from Debian's repositories, installed by name:
#   tesseract-ocr, tesseract-ocr-ind  OCR for decree pages that are scans with no text layer
#                                     (the pipeline reads them with Indonesian + English data)
#   chromium           headless browser for the HTML report test (driven by playwright, no browser download)
#   fonts-dejavu-core  a font, so the report's screenshots show text
# Idempotent: installs only what is missing. Without root it says what is missing in one line and
# leaves it to the tests (they skip the browser/OCR tests unless SPBE_REQUIRE_BROWSER /
# SPBE_REQUIRE_OCR is set, as in CI); a run that meets a scanned page says the same in one line.
set -euo pipefail
missing=()
command -v chromium >/dev/null 2>&1 || missing+=(chromium)
[ -d /usr/share/fonts/truetype/dejavu ] || missing+=(fonts-dejavu-core)
if command -v tesseract >/dev/null 2>&1; then
  langs=$(tesseract --list-langs 2>/dev/null || true)
  grep -qx ind <<<"$langs" || missing+=(tesseract-ocr-ind)
  grep -qx eng <<<"$langs" || missing+=(tesseract-ocr-eng)
else
  missing+=(tesseract-ocr tesseract-ocr-ind)
fi
[ ${#missing[@]} -eq 0 ] && exit 0
if [ "$(id -u)" != "0" ]; then
  echo "install_system_deps: missing ${missing[*]}; run as root: apt-get install ${missing[*]}" >&2
  [ -n "${SPBE_REQUIRE_BROWSER:-}${SPBE_REQUIRE_OCR:-}" ] && exit 1
  exit 0
fi
echo "installing ${missing[*]} from Debian packages..." >&2
apt-get update -qq >&2
DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >&2
