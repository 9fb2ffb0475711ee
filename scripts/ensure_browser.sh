#!/usr/bin/env bash
# Makes sure Debian's Chromium is installed for the browser tests (Playwright drives it at
# /usr/bin/chromium; `playwright install` cannot download browsers on these machines), with an
# emoji font so that the screenshots show the widget as patients see it.
set -euo pipefail

EMOJI_FONT=/usr/share/fonts/truetype/noto/NotoColorEmoji.ttf
if [ -x /usr/bin/chromium ] && [ -f "$EMOJI_FONT" ]; then
  exit 0
fi
if [ "$(id -u)" -eq 0 ]; then
  as_root=()
elif command -v sudo >/dev/null 2>&1; then
  as_root=(sudo)
else
  echo "error: install the Debian packages chromium, chromium-driver and fonts-noto-color-emoji as root" >&2
  exit 1
fi
echo "Installing Debian's chromium, chromium-driver and fonts-noto-color-emoji for the browser tests"
export DEBIAN_FRONTEND=noninteractive
"${as_root[@]}" apt-get update -qq
"${as_root[@]}" apt-get install -y -qq chromium chromium-driver fonts-noto-color-emoji >/dev/null
/usr/bin/chromium --version
