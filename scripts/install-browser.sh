#!/usr/bin/env bash
# Install headless Chromium and its WebDriver for the browser tests (Debian packages).
# Idempotent: does nothing when both binaries are present, or when not running as root
# (the browser tests then skip with a reason).
set -euo pipefail

if [[ -x /usr/bin/chromium && -x /usr/bin/chromedriver ]]; then
    echo "install-browser: chromium and chromedriver already present"
    exit 0
fi
if [[ "$(id -u)" != "0" ]]; then
    echo "install-browser: not root; skipping (browser tests will be skipped)" >&2
    exit 0
fi
if ! command -v apt-get >/dev/null 2>&1; then
    echo "install-browser: no apt-get; skipping (browser tests will be skipped)" >&2
    exit 0
fi
export DEBIAN_FRONTEND=noninteractive
apt-get update -q
apt-get install -y -q --no-install-recommends chromium chromium-driver
