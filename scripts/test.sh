#!/usr/bin/env bash
# Runs every test of the project, installing what the tests need on a fresh Debian machine.
#   bash scripts/test.sh            everything
#   bash scripts/test.sh --rust     only the Rust tests (no test hosts)
# With CI=true a missing dependency fails the run instead of being skipped.
set -euo pipefail
cd "$(dirname "$0")/.."

only_rust=false
[[ "${1:-}" == "--rust" ]] && only_rust=true

step() { printf '\n== %s\n' "$*"; }
started=$SECONDS
# every process this run starts inherits the mark; the end check looks for it (and for the clone as
# working directory, which nginx workers running as nobody keep)
export TEST_RUN_MARK="$$-$RANDOM$RANDOM"
already_here=" $(for d in /proc/[0-9]*; do
  c=$(readlink "$d/cwd" 2>/dev/null) || continue
  if [[ $c == "$PWD" || $c == "$PWD"/* ]]; then printf '%s ' "${d#/proc/}"; fi
done)"

need_packages=()
command -v tmux >/dev/null || need_packages+=(tmux)
command -v prlimit >/dev/null || need_packages+=(util-linux)
command -v openssl >/dev/null || need_packages+=(openssl)
command -v turnserver >/dev/null || need_packages+=(coturn)
command -v nginx >/dev/null || [[ -x /usr/sbin/nginx ]] || need_packages+=(nginx)
command -v chromium >/dev/null || need_packages+=(chromium)
[[ -x /usr/lib/postgresql/15/bin/initdb ]] || ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || need_packages+=(postgresql)
if ((${#need_packages[@]})); then
  step "installing ${need_packages[*]}"
  if [[ $(id -u) -eq 0 ]]; then
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${need_packages[@]}" >/dev/null
  else
    echo "missing packages ${need_packages[*]}: run as root or install them" >&2
    exit 1
  fi
fi

step "format and lints"
cargo fmt --all -- --check
cargo clippy --all-targets --locked -q -- -D warnings

step "Rust tests"
bash tests/peers/bbb/setup.sh
bash tests/peers/mattermost/setup.sh
bash tests/smtp/setup.sh
cargo test --all-targets --locked --no-fail-fast 2>&1 | tee /tmp/vereint-cargo-test.log
# the closing summary for readers of the log
grep -E '^test result:' /tmp/vereint-cargo-test.log | awk '{p+=$4; f+=$6; s+=$8} END {printf "rust: %d passed, %d failed, %d skipped\n", p, f, s}'

step "API property tests (schemathesis against /api/v1/openapi.json)"
bash tests/schemathesis/run.sh

if ! $only_rust && [[ -x tests/testhost/run.sh || -f tests/testhost/run.sh ]]; then
  step "Ansible roles on booted test hosts"
  bash tests/testhost/run.sh
fi

step "nothing left running"
# Processes this run started that are still alive: marked in their environment, or working in the
# clone (not this script and its parents, and not what ran in the clone before). Listing each with
# its listening sockets; a few seconds' grace for what is just ending.
python3 - "$PWD" "$TEST_RUN_MARK" "$already_here" <<'PY'
import os, subprocess, sys, time
clone, mark = os.path.realpath(sys.argv[1]), ("TEST_RUN_MARK=" + sys.argv[2]).encode()
skip = {int(p) for p in sys.argv[3].split()}
p = os.getpid()
while p > 1:
    skip.add(p)  # this check and the script's own line of parents
    try:
        p = int(open(f"/proc/{p}/stat").read().rsplit(")", 1)[1].split()[1])
    except OSError:
        break
def left():
    found = []
    for pid in filter(str.isdigit, os.listdir("/proc")):
        if int(pid) in skip:
            continue
        try:
            if ") Z " in open(f"/proc/{pid}/stat").read():
                continue
            cwd = os.path.realpath(os.readlink(f"/proc/{pid}/cwd"))
            env = open(f"/proc/{pid}/environ", "rb").read().split(b"\0")
        except OSError:
            continue
        if mark in env or cwd == clone or cwd.startswith(clone + "/"):
            cmd = open(f"/proc/{pid}/cmdline", "rb").read().replace(b"\0", b" ").decode(errors="replace")
            found.append((pid, cwd, cmd.strip()))
    return found
for _ in range(10):
    found = left()
    if not found:
        print("no process of this run is left")
        sys.exit(0)
    time.sleep(1)
try:
    sockets = subprocess.run(["ss", "-Hlntup"], capture_output=True, text=True).stdout.splitlines()
except OSError:
    sockets = []
print("processes this run started are still running:", file=sys.stderr)
for pid, cwd, cmd in found:
    print(f"  pid {pid} in {cwd}: {cmd}", file=sys.stderr)
    for line in sockets:
        if f"pid={pid}," in line:
            print(f"    listening: {' '.join(line.split()[:5])}", file=sys.stderr)
sys.exit(1)
PY

step "done in $((SECONDS - started)) s"
