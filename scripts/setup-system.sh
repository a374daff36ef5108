#!/usr/bin/env bash
# System packages and services the full test suite uses (Debian; run as root, as on CI).
# Each part is a script in scripts/setup.d/ (OCR, PostgreSQL, Chromium, …). A part that
# cannot install says so and the tests that need it skip with a message; nothing here
# downloads anything but Debian packages.
set -uo pipefail
cd "$(dirname "$0")/.."
if ! command -v apt-get >/dev/null 2>&1; then
  echo "setup-system: no apt-get here; tests that need system packages will skip" >&2
  exit 0
fi
export DEBIAN_FRONTEND=noninteractive
needed=()
for part in scripts/setup.d/*.sh; do
  [ -e "$part" ] || continue
  # a part lists the Debian packages it needs on a line "# packages: a b c"
  pkgs=$(sed -n 's/^# packages: //p' "$part")
  for p in $pkgs; do dpkg -s "$p" >/dev/null 2>&1 || needed+=("$p"); done
done
if [ ${#needed[@]} -gt 0 ]; then
  echo "setup-system: installing ${needed[*]}" >&2
  (apt-get update -qq && apt-get install -y -qq --no-install-recommends "${needed[@]}") >/tmp/giamsat-apt.log 2>&1 \
    || echo "setup-system: apt-get failed (see /tmp/giamsat-apt.log); dependent tests will skip" >&2
fi
for part in scripts/setup.d/*.sh; do
  [ -e "$part" ] || continue
  bash "$part" || echo "setup-system: $part failed; dependent tests will skip" >&2
done
exit 0
