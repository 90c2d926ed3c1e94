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

need_packages=()
command -v tmux >/dev/null || need_packages+=(tmux)
command -v turnserver >/dev/null || need_packages+=(coturn)
command -v nginx >/dev/null || [[ -x /usr/sbin/nginx ]] || need_packages+=(nginx)
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
cargo test --all-targets --locked --no-fail-fast 2>&1 | tee /tmp/vereint-cargo-test.log
# the closing summary for readers of the log
grep -E '^test result:' /tmp/vereint-cargo-test.log | awk '{p+=$4; f+=$6; s+=$8} END {printf "rust: %d passed, %d failed, %d skipped\n", p, f, s}'

step "API property tests (schemathesis against /api/v1/openapi.json)"
bash tests/schemathesis/run.sh

if ! $only_rust && [[ -x tests/testhost/run.sh || -f tests/testhost/run.sh ]]; then
  step "Ansible roles on booted test hosts"
  bash tests/testhost/run.sh
fi

step "done in $((SECONDS - started)) s"
