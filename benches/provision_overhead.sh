#!/usr/bin/env bash
# What `vereint provision apply` adds over plain ansible-playbook, on an already applied site (no-change
# runs), side by side: plain and vereint alternate ROUNDS times; prints each time, the medians, the
# overhead ratio (target < 5 %) and the no-change run time.
#   bash benches/provision_overhead.sh SITE.toml [ROUNDS]
# Needs a site that `vereint provision apply` has applied (its state dir holds inventory, vars file and
# the extracted kit). The plain run uses exactly that inventory, vars file, kit and the same JSON
# progress callback, so the difference is what vereint itself does (rendering, kit check, progress,
# log). tests/testhost/run.sh runs this on its test hosts with TESTHOST_BENCH=1.
#
#   bash benches/provision_overhead.sh --replay APPLY_LOG [ROUNDS]
# Without test hosts: a stand-in ansible-playbook replays a recorded no-change run's JSON lines (a log
# `vereint provision apply` wrote) instantly, so vereint's wall time is what it adds (render, kit check,
# spawn, parsing, progress, log); compared with the recorded run's duration.
set -euo pipefail
if [[ "${1:-}" == --replay ]]; then
  LOG="$(realpath "$2")"; ROUNDS="${3:-20}"
  REPO="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
  VEREINT="${BENCH_VEREINT:-$REPO/target/debug/vereint}"
  W="$(mktemp -d)"; trap 'rm -rf "$W"' EXIT
  mkdir -p "$W/home/venv/bin" "$W/home/collections"
  grep '^{' "$LOG" >"$W/events.jsonl"
  printf '#!/bin/sh\nexec cat %s\n' "$W/events.jsonl" >"$W/home/venv/bin/ansible-playbook"
  chmod +x "$W/home/venv/bin/ansible-playbook"
  sed "s|@HOME@|$W/home|" >"$W/site.toml" <<'TOML'
organisation = "bench"
contact_email = "admin@mm.test"
[tls]
mode = "selfsigned"
[domains]
mattermost = "mm.test"
directory = "dir.test"
[versions]
mattermost = "10.11.1"
mattermost_sha256 = "0000000000000000000000000000000000000000000000000000000000000000"
[ansible]
home = "@HOME@"
[[hosts]]
name = "mm"
address = "127.0.0.1"
services = ["mattermost", "coturn"]
[[hosts]]
name = "dir"
address = "127.0.0.1"
services = ["directory"]
TOML
  recorded=$(python3 -c 'import json,sys
last = [json.loads(l) for l in open(sys.argv[1]) if l.startswith("{")][-1]
print(last["elapsed"])' "$W/events.jsonl")
  "$VEREINT" --lang en provision apply "$W/site.toml" --no-register --log "$W/warm.log" >/dev/null  # extracts the kit once
  times=(); bare=()
  for ((r = 1; r <= ROUNDS; r++)); do
    t0=$EPOCHREALTIME; "$W/home/venv/bin/ansible-playbook" >/dev/null; t1=$EPOCHREALTIME
    bare+=("$(awk -v a="$t1" -v b="$t0" 'BEGIN {print a - b}')")
    t0=$EPOCHREALTIME; "$VEREINT" --lang en provision apply "$W/site.toml" --no-register --log "$W/run.log" >/dev/null; t1=$EPOCHREALTIME
    times+=("$(awk -v a="$t1" -v b="$t0" 'BEGIN {print a - b}')")
  done
  med() { printf '%s\n' "$@" | sort -g | awk '{a[NR]=$1} END {print (NR % 2) ? a[(NR+1)/2] : (a[NR/2] + a[NR/2+1]) / 2}'; }
  v=$(med "${times[@]}"); b=$(med "${bare[@]}")
  awk -v v="$v" -v b="$b" -v rec="$recorded" -v n="$ROUNDS" -v ev="$(wc -l <"$W/events.jsonl")" 'BEGIN {
    printf "replay of %d events, median of %d: vereint provision apply %.3f s, replay alone %.3f s -> vereint adds %.3f s\n", ev, n, v, b, v - b
    printf "recorded no-change run: %.1f s -> overhead %.2f %% (target < 5 %%)\n", rec, (v - b) * 100 / rec }'
  exit 0
fi
SITE="$(realpath "$1")"
ROUNDS="${2:-1}"
REPO="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
VEREINT="${BENCH_VEREINT:-$REPO/target/debug/vereint}"
STATE="${SITE%.toml}.state"
KIT="$(ls -d "$STATE"/ansible-* | head -1)"
HOME_DIR="$(sed -n 's/^home = "\(.*\)"/\1/p' "$SITE" | head -1)"
PLAYBOOK="${HOME_DIR:+$HOME_DIR/venv/bin/}ansible-playbook"
OUT="$(mktemp -d)"
trap 'rm -rf "$OUT"' EXIT

plain() {
  # the same environment `vereint provision` gives ansible-playbook (src/provision/runner.rs)
  local collections=()
  [[ -z "$HOME_DIR" ]] || collections=("ANSIBLE_COLLECTIONS_PATH=$HOME_DIR/collections")
  env ANSIBLE_CONFIG="$KIT/ansible.cfg" ANSIBLE_ROLES_PATH="$KIT/roles" ANSIBLE_CALLBACK_PLUGINS="$KIT/callback_plugins" \
    ANSIBLE_STDOUT_CALLBACK=vereint_progress ANSIBLE_NOCOLOR=1 ANSIBLE_FORCE_COLOR=0 ANSIBLE_RETRY_FILES_ENABLED=0 \
    PYTHONUNBUFFERED=1 "${collections[@]}" \
    bash -c 'cd "$1" && shift && exec "$@"' _ "$KIT" "$PLAYBOOK" -i "$STATE/inventory.json" -e "@$STATE/vars.json" "$KIT/site.yml" \
    >"$OUT/plain.log" 2>&1 || { echo "plain ansible-playbook failed:"; tail -n 20 "$OUT/plain.log"; return 1; }
}
via_vereint() {
  "$VEREINT" --lang en provision apply "$SITE" --no-register --log "$OUT/vereint.log" >"$OUT/vereint.out" 2>&1 \
    || { echo "vereint provision apply failed:"; tail -n 20 "$OUT/vereint.out" "$OUT/vereint.log"; return 1; }
}
changed() { python3 -c 'import json,sys
for l in open(sys.argv[1]):
    if l.startswith("{"):
        e = json.loads(l)
        if e["event"] == "stats": print(sum(h["changed"] for h in e["hosts"].values()))' "$1"; }
now() { echo "$EPOCHREALTIME"; }
sub() { awk -v a="$1" -v b="$2" 'BEGIN {print a - b}'; }

plain_times=(); vereint_times=()
for ((r = 1; r <= ROUNDS; r++)); do
  t0=$(now); plain; t1=$(now)
  plain_times+=("$(sub "$t1" "$t0")")
  t0=$(now); via_vereint; t1=$(now)
  vereint_times+=("$(sub "$t1" "$t0")")
  printf 'round %d: plain ansible-playbook %.1f s (changed=%s), vereint provision apply %.1f s (changed=%s)\n' \
    "$r" "${plain_times[-1]}" "$(changed "$OUT/plain.log")" "${vereint_times[-1]}" "$(changed "$OUT/vereint.log")"
done
median() { printf '%s\n' "$@" | sort -g | awk '{a[NR]=$1} END {print (NR % 2) ? a[(NR+1)/2] : (a[NR/2] + a[NR/2+1]) / 2}'; }
p=$(median "${plain_times[@]}"); v=$(median "${vereint_times[@]}")
printf 'median of %d: plain %.1f s, vereint %.1f s, overhead %+.1f %% (target < 5 %%); no-change run of the whole site: %.1f s\n' \
  "$ROUNDS" "$p" "$v" "$(awk -v v="$v" -v p="$p" 'BEGIN {print (v - p) * 100 / p}')" "$v"
