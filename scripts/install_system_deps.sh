#!/usr/bin/env bash
# System packages the project needs beyond Python, from Debian's repositories, installed by name:
#   chromium           headless browser for the HTML report test (driven by playwright, no browser download)
#   fonts-dejavu-core  a font, so the report's screenshots show text
# Idempotent: installs only what is missing. Without root it says what is missing and leaves it to
# the tests (they skip the browser test unless SPBE_REQUIRE_BROWSER is set, as in CI).
set -euo pipefail
missing=()
command -v chromium >/dev/null 2>&1 || missing+=(chromium)
[ -d /usr/share/fonts/truetype/dejavu ] || missing+=(fonts-dejavu-core)
[ ${#missing[@]} -eq 0 ] && exit 0
if [ "$(id -u)" != "0" ]; then
  echo "install_system_deps: missing ${missing[*]}; run as root: apt-get install ${missing[*]}" >&2
  [ -n "${SPBE_REQUIRE_BROWSER:-}" ] && exit 1
  exit 0
fi
echo "installing ${missing[*]} from Debian packages..." >&2
apt-get update -qq >&2
DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >&2
