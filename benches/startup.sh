#!/usr/bin/env bash
# Whole-process start-up on the release binary, measured with hyperfine:
#   - `vereint catalog list --json`                 target: median under 15 ms
#   - the TUI's first frame, drawn and the terminal restored (`vereint tui --exit-after-first-frame`)
#                                                   target: within 30 ms of start
# The TUI needs a terminal: script(1) lends it a pseudo-terminal, and the same wrapper around `true` is
# measured as the baseline and subtracted; the pseudo-terminal is set to 120x40.
set -euo pipefail
cd "$(dirname "$0")/.."
command -v hyperfine >/dev/null || { apt-get update -qq && apt-get install -y -qq hyperfine >/dev/null; }
cargo build --release -q
bin=$PWD/target/release/vereint
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT

# the measured command must really draw the home screen
script -qec "stty cols 120 rows 40; $bin --lang en tui --exit-after-first-frame" /dev/null </dev/null | grep -q Welcome \
  || { echo "the first frame was not drawn" >&2; exit 1; }

hyperfine -N --warmup 10 --runs 200 --export-json "$out/list.json" "$bin catalog list --json" >/dev/null
hyperfine --warmup 5 --runs 100 -S none --export-json "$out/tui.json" \
  "script -qec 'stty cols 120 rows 40; $bin tui --exit-after-first-frame' /dev/null" \
  "script -qec 'stty cols 120 rows 40; true' /dev/null" >/dev/null

python3 - "$out" <<'PY'
import json, sys
d = sys.argv[1]
lst = json.load(open(f"{d}/list.json"))["results"][0]
tui, base = json.load(open(f"{d}/tui.json"))["results"]
ms = lambda r: r["median"] * 1000
print(f"startup/catalog_list_json: median {ms(lst):.1f} ms (target < 15 ms, ratio {15 / ms(lst):.2f})")
first = ms(tui) - ms(base)
print(f"startup/tui_first_frame:   median {first:.1f} ms over the pty baseline of {ms(base):.1f} ms (target < 30 ms, ratio {30 / first:.2f})")
PY
