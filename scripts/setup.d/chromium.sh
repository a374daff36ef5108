#!/usr/bin/env bash
# Headless Chromium and its WebDriver, for the browser tests of `giamsat show` (tests/commands/test_show.py),
# and the DejaVu fonts the pages and test PDFs draw Vietnamese with. No service to start.
# packages: chromium chromium-driver fonts-dejavu-core
set -uo pipefail
for tool in /usr/bin/chromium /usr/bin/chromedriver; do
  if [ ! -x "$tool" ]; then
    echo "setup.d/chromium: $tool missing; the browser tests will skip" >&2
    exit 1
  fi
done
# the two must be the same release, or chromedriver refuses the browser
browser=$(/usr/bin/chromium --version 2>/dev/null | grep -oE '[0-9]+\.[0-9]+\.[0-9]+' | head -1)
driver=$(/usr/bin/chromedriver --version 2>/dev/null | grep -oE '[0-9]+\.[0-9]+\.[0-9]+' | head -1)
echo "setup.d/chromium: chromium $browser, chromedriver $driver" >&2
[ "$browser" = "$driver" ] || echo "setup.d/chromium: versions differ; the browser tests may fail to start" >&2
exit 0
