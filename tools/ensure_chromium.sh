#!/usr/bin/env bash
# Headless Chromium for the HTML report's layout test (tests/test_report_html_layout.py),
# installed by `make test` when it is missing and this machine can (root with apt-get).
# Without it the suite still runs, and that test says it skipped and why.
set -u
if command -v chromium >/dev/null 2>&1 || command -v chromium-browser >/dev/null 2>&1; then
    exit 0
fi
if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    echo "installing chromium for the HTML layout test" >&2
    { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq \
        --no-install-recommends chromium fonts-liberation >/dev/null; } \
        || echo "could not install chromium: the HTML layout test will be skipped" >&2
else
    echo "chromium is not installed: the HTML layout test will be skipped" >&2
fi
exit 0
