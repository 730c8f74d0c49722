#!/usr/bin/env bash
# Render the bundled check (rules/chibi-2019.yaml × reports/danyang-2019.txt) to HTML and, when Chromium is
# installed, take a headless screenshot of it, to eyeball the layout without a desktop.
#
# usage: bench/render_html_screenshot.sh [OUT_DIR] [RESULT.json]   (default: out/screenshot, the bundled check)
#   OUT_DIR/sample.html   the rendered report (open it in any browser, or print it to check the A4 layout)
#   OUT_DIR/sample.png    1280×2000 screenshot, only when /usr/bin/chromium exists
#   OUT_DIR/sample.pdf    the same page printed to PDF (A4, print CSS), only with Chromium
# Environment: PYTHON (default .venv/bin/python, else python3), CHROMIUM (default /usr/bin/chromium).
# Chinese text needs a CJK font on the machine (Debian: apt-get install fonts-noto-cjk), or it shows as boxes.
set -euo pipefail
cd "$(dirname "$0")/.."
out="${1:-out/screenshot}"
mkdir -p "$out"
out="$(cd "$out" && pwd)"
python="${PYTHON:-}"
if [[ -z "$python" ]]; then
  if [[ -x .venv/bin/python ]]; then python=.venv/bin/python; else python=python3; fi
fi
if [[ -n "${2:-}" ]]; then
  "$python" - "$out/sample.html" "$2" <<'PY'
import json, sys
from checker.output import write_output
from checker.report import render

with open(sys.argv[2], encoding="utf-8") as f:
    result = json.load(f)
write_output(render(result, "html"), sys.argv[1])
PY
else
  "$python" cli.py check rules/chibi-2019.yaml reports/danyang-2019.txt --format html -o "$out/sample.html" --fail-on none
fi
echo "wrote $out/sample.html"
chromium="${CHROMIUM:-/usr/bin/chromium}"
if [[ ! -x "$chromium" ]]; then
  echo "no $chromium: skipping the screenshot (Debian: apt-get install chromium fonts-noto-cjk)"
  exit 0
fi
profile="$(mktemp -d)"
trap 'rm -rf "$profile"' EXIT
flags=(--headless --no-sandbox --disable-gpu --disable-background-networking --disable-component-update
  --no-first-run --user-data-dir="$profile")
"$chromium" "${flags[@]}" --screenshot="$out/sample.png" --window-size=1280,2000 "file://$out/sample.html" 2>/dev/null
"$chromium" "${flags[@]}" --no-pdf-header-footer --print-to-pdf="$out/sample.pdf" "file://$out/sample.html" 2>/dev/null
echo "wrote $out/sample.png $out/sample.pdf"
