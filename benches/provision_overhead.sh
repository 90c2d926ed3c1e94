#!/usr/bin/env bash
# What `vereint provision apply` adds over plain ansible-playbook, on an already applied site (no-change
# runs), side by side: plain and vereint alternate ROUNDS times; prints each time, the medians, the
# overhead ratio (target < 5 %) and the no-change run time.
#   bash benches/provision_overhead.sh SITE.toml [ROUNDS]
# Needs a site that `vereint provision apply` has applied (its state dir holds inventory, vars file and
# the extracted kit). The plain run uses exactly that inventory, vars file, kit and the same JSON
# progress callback, so the difference is what vereint itself does (rendering, kit check, progress,
# log). tests/testhost/run.sh runs this on its test hosts with TESTHOST_BENCH=1.
set -euo pipefail
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
  ANSIBLE_CONFIG="$KIT/ansible.cfg" ANSIBLE_ROLES_PATH="$KIT/roles" ANSIBLE_CALLBACK_PLUGINS="$KIT/callback_plugins" \
    ANSIBLE_STDOUT_CALLBACK=vereint_progress ANSIBLE_NOCOLOR=1 ANSIBLE_RETRY_FILES_ENABLED=0 PYTHONUNBUFFERED=1 \
    ${HOME_DIR:+ANSIBLE_COLLECTIONS_PATH="$HOME_DIR/collections"} \
    bash -c 'cd "$1" && shift && exec "$@"' _ "$KIT" "$PLAYBOOK" -i "$STATE/inventory.json" -e "@$STATE/vars.json" "$KIT/site.yml" \
    >"$OUT/plain.log" 2>&1
}
via_vereint() {
  "$VEREINT" --lang en provision apply "$SITE" --no-register --log "$OUT/vereint.log" >"$OUT/vereint.out" 2>&1
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
