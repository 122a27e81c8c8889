#!/usr/bin/env bash
# Renders a local HTML page with headless Chromium, bound to nothing networked.
#
#   chromium_screenshot.sh PAGE.html OUT.png WIDTHxHEIGHT   a PNG of the page at that window size
#   chromium_screenshot.sh --dump-dom PAGE.html             the DOM after loading, on standard output
#
# Exit 77 when no Chromium is installed (Debian: apt-get install chromium), so that callers can
# skip. The profile lives in a temporary folder removed on exit; the proxy is a closed local port
# and every host name resolves to nothing, so nothing leaves the machine even if a page asked
# (the pages of slack::render_html ask for nothing, and their Content-Security-Policy forbids it).
set -euo pipefail

browser=""
for name in chromium chromium-browser; do
  if command -v "$name" >/dev/null 2>&1; then browser=$(command -v "$name"); break; fi
done
if [[ -z "$browser" ]]; then
  echo "chromium is not installed (apt-get install chromium)" >&2
  exit 77
fi

profile=$(mktemp -d "${TMPDIR:-/tmp}/alarmbridge-chromium-XXXXXX")
# Chromium's helper processes may outlive the browser for a moment and write into the profile:
# they are stopped (bounded wait) before it is removed.
cleanup() {
  pkill -KILL -f -- "--user-data-dir=$profile" 2>/dev/null || true
  for _ in $(seq 50); do
    pgrep -f -- "--user-data-dir=$profile" >/dev/null 2>&1 || break
    sleep 0.1
  done
  rm -rf "$profile"
}
trap cleanup EXIT

# --no-sandbox: Chromium's sandbox needs user namespaces, which containers and root often lack;
# the page is our own file, with scripts forbidden by its policy.
flags=(--headless --no-sandbox --disable-gpu --hide-scrollbars --mute-audio --no-first-run
       --no-default-browser-check --disable-background-networking --disable-component-update
       --disable-sync --disable-extensions --disable-default-apps --disable-breakpad
       --user-data-dir="$profile" --proxy-server=127.0.0.1:9 --host-resolver-rules="MAP * ~NOTFOUND"
       --force-device-scale-factor=1 --default-background-color=ffffffff)

if [[ "${1:-}" == "--dump-dom" ]]; then
  page=$(realpath "$2")
  # Not exec: the EXIT trap must still run to remove the profile.
  timeout 120 "$browser" "${flags[@]}" --dump-dom "file://$page" 2>/dev/null
  exit $?
fi

page=$(realpath "$1")
out=$(realpath -m "$2")
size=${3:-800x600}
timeout 120 "$browser" "${flags[@]}" --screenshot="$out" --window-size="${size/x/,}" "file://$page" >/dev/null 2>&1
test -s "$out"
