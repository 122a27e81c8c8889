#!/usr/bin/env bash
# Writes docs/pictures/<style>.<locale>.png: the sample alarm (tests/data/events/
# alarmbridge-sns-metric-3kb.json) as `alarmbridge preview --html` shows it, in each style and
# locale, photographed by headless Chromium (tests/support/chromium_screenshot.sh: nothing
# networked). CI runs it so that the pictures never go stale:
#
#   docs/pictures/make.sh build/dev/alarmbridge
#
# Needs chromium, and fonts for Korean and emoji (Debian: chromium fonts-noto-cjk
# fonts-noto-color-emoji). Exit 77 without chromium.
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
cli=${1:-$root/build/dev/alarmbridge}
event=$root/tests/data/events/alarmbridge-sns-metric-3kb.json
work=$(mktemp -d "${TMPDIR:-/tmp}/alarmbridge-pictures-XXXXXX")
trap 'rm -rf "$work"' EXIT

# Window sizes that fit each style's message (the page is Slack's 800 pixels wide message column).
declare -A height=([rich]=420 [compact]=230 [blueprint]=140)
for style in rich compact blueprint; do
  for locale in en ko; do
    "$cli" preview --style "$style" --locale "$locale" --html "$work/$style.$locale.html" "$event"
    bash "$root/tests/support/chromium_screenshot.sh" "$work/$style.$locale.html" "$here/$style.$locale.png" "800x${height[$style]}"
    echo "docs/pictures/$style.$locale.png"
  done
done
