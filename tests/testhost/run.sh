#!/usr/bin/env bash
# Role tests on disposable Debian bookworm hosts (two, plus one for the BigBlueButton contract test) (systemd-nspawn + netns), driven by
# `vereint provision` (the debug binary in target/, built by scripts/test.sh's cargo test), checked from outside.
#   bash tests/testhost/run.sh      (TESTHOST_ONLY=bbb: only the BigBlueButton contract test)
# Env: TESTHOST_WORK (cache + run dirs, default /var/tmp/vereint-test), TESTHOST_KEEP_RUN=1 keeps the run dir
# and logs, CI=true turns a missing dependency into a failure. Needs root. Last line: "N passed, M failed".
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
REPO="$(cd "$HERE/../.." && pwd)"
# shellcheck source=hosts.sh
source "$HERE/hosts.sh"

PASSED=0
FAILED=0
SKIPPED=0
FAILURES=()
T0=$SECONDS
MM=1   # host index of the Mattermost host (10.203.1.2)
DIR=2  # host index of the directory host (10.203.2.2)
MM_V1=10.11.1
MM_V2=10.11.2
MM_BROKEN=10.11.3
MM_MIGRATING=10.11.4  # migrates the database, then fails: the version before cannot start on it

pass() { PASSED=$((PASSED + 1)); printf 'PASS  %s\n' "$1"; }
fail() { FAILED=$((FAILED + 1)); FAILURES+=("$1"); printf 'FAIL  %s\n' "$1"; [[ -z "${2:-}" ]] || printf '      %s\n' "$2"; }
# check NAME cmd... : runs cmd (output to the run log), PASS/FAIL by exit code
check() {
  local name="$1"; shift
  if "$@" >>"$TH_RUN/logs/checks.log" 2>&1; then pass "$name"; else fail "$name" "see checks.log"; fi
}
summary() {
  local rc=$?
  set +e
  if [[ -n "${LINT_PID:-}" ]]; then lint_result; fi
  if ((FAILED > 0)); then hold || true; fi
  th_teardown
  printf '\n'
  if ((${#FAILURES[@]})); then printf 'failed: %s\n' "${FAILURES[@]}"; fi
  printf 'testhost: total %ss\n' "$((SECONDS - T0))"
  if ((SKIPPED)); then printf '%d passed, %d failed, %d skipped\n' "$PASSED" "$FAILED" "$SKIPPED"
  else printf '%d passed, %d failed\n' "$PASSED" "$FAILED"; fi
  if ((FAILED > 0 || rc != 0)); then exit 1; fi
  exit 0
}
# TESTHOST_HOLD=1 (developers, never CI): when the first apply fails or at the end when a check failed, keep the hosts up and wait
# (up to an hour) until $TH_RUN/hold is removed, then apply again; fix roles in between.
hold() {
  [[ "${TESTHOST_HOLD:-0}" == 1 && "${CI:-}" != true && -n "$TH_RUN" ]] || return 1
  touch "$TH_RUN/hold"
  echo "holding: hosts stay up; ssh -i $TH_RUN/ssh/id_ed25519 root@$(th_ip "$MM"); rm $TH_RUN/hold to apply again"
  local i
  for ((i = 0; i < 720; i++)); do [[ -e "$TH_RUN/hold" ]] || return 0; sleep 5; done
  return 1
}
step() { printf '\n== %s (t=%ss)\n' "$1" "$((SECONDS - T0))"; }

if [[ $EUID -ne 0 ]]; then
  if [[ "${CI:-}" == true ]]; then echo "testhost: needs root (CI)"; echo "0 passed, 1 failed"; exit 1; fi
  echo "testhost: needs root; skipping"; echo "0 passed, 0 failed, 1 skipped"; exit 0
fi

trap summary EXIT
trap 'exit 130' INT TERM
trap 'fail "harness error at line $LINENO: $BASH_COMMAND"' ERR

step "dependencies"
if th_host_packages && bash "$HERE/setup-ansible.sh" && bash "$HERE/setup-s3.sh"; then pass "dependencies installed"; else
  fail "dependencies installed"; exit 1
fi
V="$TH_WORK/venv/bin"
VEREINT="${TESTHOST_VEREINT:-$REPO/target/debug/vereint}"
if [[ ! -x "$VEREINT" ]]; then
  fail "vereint binary at $VEREINT" "build it first: cargo build"; exit 1
fi
th_init
export ANSIBLE_CONFIG="$REPO/ansible/ansible.cfg"
export ANSIBLE_ROLES_PATH="$REPO/ansible/roles"
export ANSIBLE_COLLECTIONS_PATH="$TH_WORK/collections"
export ANSIBLE_HOME="$TH_WORK/ansible-home"
export ANSIBLE_LOCAL_TEMP="$TH_RUN/ansible-tmp"
export ANSIBLE_SSH_CONTROL_PATH_DIR="$TH_RUN/cp"
export ANSIBLE_PRIVATE_KEY_FILE="$TH_RUN/ssh/id_ed25519"
export ANSIBLE_SSH_ARGS="-o ControlMaster=auto -o ControlPersist=120s -o UserKnownHostsFile=/dev/null -o StrictHostKeyChecking=no -o LogLevel=ERROR"
export ANSIBLE_NOCOLOR=1 ANSIBLE_FORCE_COLOR=0 ANSIBLE_DEPRECATION_WARNINGS=0
export XDG_CACHE_HOME="$TH_WORK/cache/xdg"
export ANSIBLE_CALLBACKS_ENABLED=ansible.posix.profile_tasks  # task timings at the end of each log
export PATH="$V:$PATH"

step "lint and syntax"
# ansible-lint runs in the background while the hosts boot and the --check run goes; its result is
# collected at the end (lint_result).
lint_log="$TH_RUN/logs/ansible-lint.log"
LINT_PID=""
if [[ "${TESTHOST_SKIP_LINT:-0}" == 1 && "${CI:-}" != true ]]; then
  SKIPPED=$((SKIPPED + 1)); echo "SKIP  ansible-lint (TESTHOST_SKIP_LINT=1, developer shortcut; never in CI)"
else
  # the exit code goes to a file: a long run starts many processes, and bash may forget the status of
  # a background job that ended long before `wait` asks for it
  ( cd "$REPO/ansible" && timeout 900 nice -n 5 "$V/ansible-lint" --profile production --nocolor >"$lint_log" 2>&1
    echo $? >"$lint_log.rc" ) &
  LINT_PID=$!
fi
lint_result() {
  [[ -n "$LINT_PID" ]] || return 0
  wait "$LINT_PID" || true
  if [[ "$(cat "$lint_log.rc" 2>/dev/null)" == 0 ]]; then pass "ansible-lint (production profile)"; else
    fail "ansible-lint (production profile)" "$(grep -E '^[a-z-]+\[|Failed' "$lint_log" | head -5 | tr '\n' ' ')"
    cat "$lint_log"
  fi
  LINT_PID=""
}
printf 'localhost ansible_connection=local\n' >"$TH_RUN/syntax-inventory"
if "$V/ansible-playbook" -i "$TH_RUN/syntax-inventory" --syntax-check "$REPO"/ansible/{site,backup,restore,upgrade,agent}.yml \
    "$HERE"/playbooks/*.yml >"$TH_RUN/logs/syntax.log" 2>&1; then
  pass "ansible-playbook --syntax-check (all playbooks)"
else fail "syntax check"; cat "$TH_RUN/logs/syntax.log"; fi

if python3 "$HERE/lib/check_role_docs.py" "$REPO/ansible" >"$TH_RUN/logs/role-docs.log" 2>&1; then
  pass "roles: prefixed variables, every default documented in the README, no ignore_errors"
else fail "roles: prefixed variables and README docs"; cat "$TH_RUN/logs/role-docs.log"; fi

# shellcheck source=bbb-contract.sh
source "$HERE/bbb-contract.sh"
BBB=3  # host index of the BigBlueButton contract-test host (10.203.3.2)
# TESTHOST_ONLY=bbb (developers): only the BigBlueButton contract test, on a host of its own
if [[ "${TESTHOST_ONLY:-}" == bbb ]]; then
  step "bigbluebutton contract (stand-ins)"
  bbb_contract "$BBB"
  step "lint result"
  lint_result
  exit 0
fi

step "fixtures"
FIX="$TH_RUN/fixtures"
mkdir -p "$FIX/www"
# the stand-in server reads its configuration from MM_CONFIG and its plugins from the plugin directory, as
# Mattermost does, and stands in for database migrations (see fixtures/mattermost_standin.py)
bash "$HERE/fixtures/build-mattermost-tarballs.sh" --standin "$FIX/www" "$MM_V1" "$MM_V2" --broken "$MM_BROKEN" \
  --migrating-broken "$MM_MIGRATING"
sha_of() { awk -v f="mattermost-$1-linux-amd64.tar.gz" '$2 == f {print $1}' "$FIX/www/SHA256SUMS"; }
# the agent and the directory are the real vereint binary; a copy without debug info keeps the copy small
strip -g -o "$FIX/vereint" "$VEREINT"

step "boot hosts"
th_boot mm "$MM"
th_boot dir "$DIR"
GW_MM="$(th_gw "$MM")"
# fixture file server (Mattermost tarballs) on the host side of the Mattermost host's veth
th_start_bg fileserver python3 -m http.server --bind "$GW_MM" --directory "$FIX/www" 8000
# ACME: pebble on the host side, names resolved by pebble-challtestsrv's DNS on loopback
PEB="$TH_RUN/pebble"
mkdir -p "$PEB"
openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -days 2 -subj "/CN=pebble" \
  -addext "subjectAltName=IP:$GW_MM,DNS:localhost" -keyout "$PEB/key.pem" -out "$PEB/cert.pem" 2>/dev/null
cat >"$PEB/pebble-config.json" <<JSON
{"pebble": {"listenAddress": "$GW_MM:14000", "managementListenAddress": "127.0.0.1:15000",
  "certificate": "$PEB/cert.pem", "privateKey": "$PEB/key.pem", "httpPort": 80, "tlsPort": 443,
  "ocspResponderURL": "", "externalAccountBindingRequired": false}}
JSON
th_start_bg challtestsrv pebble-challtestsrv -defaultIPv4 "" -defaultIPv6 "" -dns01 127.0.0.1:8053 \
  -http01 "" -https01 "" -tlsalpn01 "" -management 127.0.0.1:8055
PEBBLE_VA_NOSLEEP=1 PEBBLE_WFE_NONCEREJECT=0 th_start_bg pebble pebble -config "$PEB/pebble-config.json" -dnsserver 127.0.0.1:8053
th_wait "$MM"
th_wait "$DIR"
for i in $(seq 1 30); do curl -s -o /dev/null http://127.0.0.1:8055/ && break; sleep 0.5; done
curl -sf -X POST -d "{\"host\":\"mm.test\",\"addresses\":[\"$(th_ip "$MM")\"]}" http://127.0.0.1:8055/add-a >/dev/null
curl -sf -X POST -d "{\"host\":\"dir.test\",\"addresses\":[\"$(th_ip "$DIR")\"]}" http://127.0.0.1:8055/add-a >/dev/null
for i in $(seq 1 30); do curl -s -o /dev/null --cacert "$PEB/cert.pem" "https://$GW_MM:14000/dir" && break; sleep 0.5; done
check "pebble ACME server up" curl -sf --cacert "$PEB/cert.pem" "https://$GW_MM:14000/dir"
ROOTS="$PEB/roots.pem"
curl -sf --cacert "$PEB/cert.pem" https://127.0.0.1:15000/roots/0 >"$ROOTS" 2>/dev/null \
  || curl -sfk https://127.0.0.1:15000/roots/0 >"$ROOTS"
pass "two bookworm hosts booted (ssh + systemd)"
# a debug build of vereint reads its rust-embed folders from the source tree at run time (a release build
# carries them inside): the hosts get embedded-catalog/ at the same path, for the agent and the directory
for h in mm dir; do install -d "$TH_RUN/hosts/$h$REPO"; cp -a "$REPO/embedded-catalog" "$TH_RUN/hosts/$h$REPO/"; done
# the name the Mattermost host's agent checks: DNS of the test site, as /etc/hosts on the host
th_ssh "$MM" "printf '%s mm.test\n' '$(th_ip "$MM")' >>/etc/hosts"

# The directory the site registers with and the agent reports to: a real `vereint directory serve` on this
# machine, on the host side of the Mattermost host's veth (plain HTTP, reachable only from that host).
DSRV_DIR="$TH_RUN/directory"
install -d -m 0700 "$DSRV_DIR"
DSRV="http://$GW_MM:8470"
(umask 077; head -c 32 /dev/urandom | base64 | tr -dc 'A-Za-z0-9' >"$DSRV_DIR/admin-token")
printf '[directory]\nadmin_token_file = "%s"\n' "$DSRV_DIR/admin-token" >"$DSRV_DIR/vereint.toml"
dsrv() { HOME="$DSRV_DIR" XDG_CONFIG_HOME="$DSRV_DIR/xdg" XDG_DATA_HOME="$DSRV_DIR/xdg" "$VEREINT" --lang en --config "$DSRV_DIR/vereint.toml" "$@"; }
th_start_bg directory env HOME="$DSRV_DIR" XDG_CONFIG_HOME="$DSRV_DIR/xdg" XDG_DATA_HOME="$DSRV_DIR/xdg" \
  "$VEREINT" --lang en --config "$DSRV_DIR/vereint.toml" directory serve --bind "$GW_MM:8470" --database "$DSRV_DIR/directory.sqlite3"
for i in $(seq 1 40); do curl -sf -o /dev/null "$DSRV/readyz" && break; sleep 0.5; done
check "directory (vereint directory serve) up on $DSRV" curl -sf -o /dev/null "$DSRV/readyz"
ENROLL="$TH_RUN/site/enrollment.token"
mkdir -p "$TH_RUN/site"
(umask 077; dsrv directory admin --url "$DSRV" enroll --note "test site" --json 2>>"$TH_RUN/logs/checks.log" \
  | python3 -c 'import json,sys; print(json.load(sys.stdin)["token"])' >"$ENROLL") || true
check "enrollment token created by the directory's admin CLI" test -s "$ENROLL"
AGENT_INTERVAL=10
# the off-site repository lives on the directory host; the hosts share no network, so a TCP forward on the
# host side of the Mattermost host's veth carries SSH (SFTP) to the directory host
th_start_bg sshforward python3 "$HERE/lib/tcpforward.py" "$GW_MM" 2222 "$(th_ip "$DIR")" 22
BACKUP_TIME="04:17"

step "site file"
SITE="$TH_RUN/site/test.toml"
SITE_STATE="$TH_RUN/site/test.state"
cat >"$SITE" <<TOML
# the test site: Mattermost (+ PostgreSQL, nginx with a pebble certificate, coturn, agent) and the directory
organisation = "vereint test site"
contact_email = "admin@mm.test"

[tls]
mode = "acme"
acme_server = "https://$GW_MM:14000/dir"
email = "admin@mm.test"
acme_ca_bundle = "$PEB/cert.pem"

[domains]
mattermost = "mm.test"
directory = "dir.test"

[versions]
mattermost = "$MM_V1"
mattermost_sha256 = "$(sha_of "$MM_V1")"
mattermost_url = "http://$GW_MM:8000/mattermost-$MM_V1-linux-amd64.tar.gz"

[directory]
url = "$DSRV"
enrollment_token_file = "$ENROLL"

[backup]
repository = "sftp:restic@$GW_MM:/srv/restic/test"
ssh_port = 2222
target_host = "dir"
time = "$BACKUP_TIME"

[ansible]
home = "$TH_WORK"

[vars]
common_apt_cache_valid_time = 86400
mattermost_admin_username = "vereintadmin"
mattermost_admin_email = "admin@mm.test"
vereint_agent_binary = "$FIX/vereint"
vereint_agent_interval = $AGENT_INTERVAL
vereint_agent_ca_pem = """
$(cat "$ROOTS")
"""
vereint_directory_binary = "$FIX/vereint"

[[hosts]]
name = "mm"
address = "$(th_ip "$MM")"
ssh = { user = "root", key = "$TH_RUN/ssh/id_ed25519" }
services = ["mattermost", "coturn", "agent"]

[[hosts]]
name = "dir"
address = "$(th_ip "$DIR")"
ssh = { user = "root", key = "$TH_RUN/ssh/id_ed25519" }
services = ["directory"]
vars = { vereint_directory_database = "postgresql", vereint_directory_tls = "selfsigned" }
TOML
# vp LOGNAME COMMAND [args...]: vereint provision COMMAND on the test site; the JSON-lines log in
# logs/LOGNAME.log, stdout in LOGNAME.out, stderr (progress, failure summary) in LOGNAME.err
vp() {
  local name="$1" cmd="$2"; shift 2
  timeout 900 "$VEREINT" --lang en provision "$cmd" "$SITE" --log "$TH_RUN/logs/$name.log" "$@" \
    >"$TH_RUN/logs/$name.out" 2>"$TH_RUN/logs/$name.err"
}
# failed units and the last warnings of each host's journal, for a run that failed there
host_journals() {
  local h
  for h in "$MM" "$DIR"; do
    echo "-- host $(th_ip "$h"): failed units, last warnings of the journal"
    th_ssh "$h" "systemctl --failed --no-legend --no-pager; journalctl -p warning -n 40 --no-pager" 2>&1 || true
  done
}
# failed tasks of a run, from its JSON log
failed_tasks() { { grep -h '"status": "failed"\|"status": "unreachable"' "$TH_RUN/logs/$1.log" 2>/dev/null || true; } | head -3; { cat "$TH_RUN/logs/$1.err" 2>/dev/null || true; } | head -20; }

step "--check on fresh hosts"
t=$SECONDS
if vp check-fresh plan; then pass "vereint provision plan (--check) on fresh hosts ($((SECONDS - t))s)"; else
  fail "vereint provision plan (--check) on fresh hosts" "$(failed_tasks check-fresh | head -3 | tr '\n' ' ')"
  failed_tasks check-fresh
fi
state_modes() { [[ "$(stat -c %a "$SITE_STATE/secrets.json" "$SITE_STATE/vars.json" "$SITE_STATE" | tr '\n' ' ')" == "600 600 700 " ]]; }
check "secrets generated 0600 in the state dir, vars file 0600, state dir 0700" state_modes
no_secret_on_argv() { # the log's first line is the command vereint ran
  local argv pw
  argv="$(head -1 "$TH_RUN/logs/check-fresh.log")"
  pw="$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["mattermost_db_password"])' "$SITE_STATE/secrets.json")"
  [[ -n "$pw" && "$argv" == *"\"-e\" \"@$SITE_STATE/vars.json\""* && "$argv" != *"$pw"* ]]
}
check "no secret on ansible-playbook's command line (only -e @vars.json)" no_secret_on_argv

step "apply site"
t=$SECONDS
attempt=1
until vp apply-1 apply; do
  failed_tasks apply-1
  if ((attempt < 10)) && hold; then attempt=$((attempt + 1)); t=$SECONDS; continue; fi
  fail "first vereint provision apply" "$(failed_tasks apply-1 | head -3 | tr '\n' ' ')"
  tail -60 "$TH_RUN/logs/apply-1.log"
  host_journals
  exit 1
done
pass "first vereint provision apply ($((SECONDS - t))s)"; cat "$TH_RUN/logs/apply-1.out"

step "second apply (idempotency, vereint_progress callback)"
t=$SECONDS
if vp apply-2 apply; then
  changed="$(python3 - "$TH_RUN/logs/apply-2.log" <<'PY'
import json, sys
stats = None
changed = []
for line in open(sys.argv[1]):
    line = line.strip()
    if not line.startswith("{"):
        continue
    ev = json.loads(line)
    if ev["event"] == "task_result" and ev["status"] == "changed":
        changed.append(f'{ev["host"]}: {ev["task"]}')
    if ev["event"] == "stats":
        stats = ev
total = sum(h["changed"] for h in stats["hosts"].values()) if stats else -1
print(total)
for c in changed:
    print("  changed:", c, file=sys.stderr)
PY
)" || changed=-1
  if [[ "$changed" == 0 ]]; then pass "second apply reports changed=0 ($((SECONDS - t))s)"; else
    fail "second apply reports changed=0" "changed=$changed"
    python3 -c 'import json,sys
for l in open(sys.argv[1]):
    if l.startswith("{"):
        e=json.loads(l)
        if e.get("status")=="changed": print("   changed:", e["host"], e["task"])' "$TH_RUN/logs/apply-2.log"
  fi
else
  fail "second apply succeeds" "$(failed_tasks apply-2 | head -3 | tr '\n' ' ')"
fi
t=$SECONDS
if vp plan-applied plan --json; then
  if python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); assert d["hosts"] and all(h["changed"] == 0 for h in d["hosts"].values()), d' \
      "$TH_RUN/logs/plan-applied.out" 2>>"$TH_RUN/logs/checks.log"; then
    pass "vereint provision plan on the applied site reports nothing to change ($((SECONDS - t))s)"
  else fail "plan on the applied site reports nothing to change" "$(head -c 600 "$TH_RUN/logs/plan-applied.out")"; fi
else fail "plan on the applied site" "$(failed_tasks plan-applied | head -3 | tr '\n' ' ')"; fi
check "vereint provision status shows the last run" bash -c \
  "'$VEREINT' --lang en provision status '$SITE' | grep -q 'last run: plan'"

if [[ "${TESTHOST_BENCH:-0}" == 1 ]]; then
  step "benchmark: vereint provision apply vs plain ansible-playbook (no-change runs)"
  if bash "$REPO/benches/provision_overhead.sh" "$SITE" "${TESTHOST_BENCH_ROUNDS:-1}" 2>&1 | tee "$TH_RUN/logs/bench.log"; then :; else
    echo "benchmark failed; see $TH_RUN/logs/bench.log"
  fi
fi

step "checks from outside"
MMIP="$(th_ip "$MM")"; DIRIP="$(th_ip "$DIR")"
check "HTTPS through nginx with the pebble-issued certificate (verified against pebble's root)" \
  curl -sS --max-time 10 --cacert "$ROOTS" --resolve "mm.test:443:$MMIP" -o /dev/null https://mm.test/
check "HSTS header on the Mattermost site" \
  bash -c "curl -sf --max-time 10 --cacert '$ROOTS' --resolve 'mm.test:443:$MMIP' -D - -o /dev/null https://mm.test/api/v4/system/ping | grep -qi '^strict-transport-security: max-age='"
ping_json() { curl -sf --max-time 10 --cacert "$ROOTS" --resolve "mm.test:443:$MMIP" "https://mm.test/api/v4/system/ping?get_server_status=true"; }
check "Mattermost ping OK through nginx (status and database_status)" \
  bash -c "curl -sf --max-time 10 --cacert '$ROOTS' --resolve 'mm.test:443:$MMIP' 'https://mm.test/api/v4/system/ping?get_server_status=true' | python3 -c 'import json,sys; d=json.load(sys.stdin); assert d[\"status\"]==\"OK\" and d[\"database_status\"]==\"OK\", d'"
check "ping Content-Type is exactly application/json" \
  bash -c "curl -sf --max-time 10 --cacert '$ROOTS' --resolve 'mm.test:443:$MMIP' -D - -o /dev/null https://mm.test/api/v4/system/ping | tr -d '\r' | grep -qx 'content-type: application/json' "
check "WebSocket upgrade location for /api/v4/websocket in the nginx site" \
  th_ssh "$MM" "grep -q 'location ~ ^/api/v4/websocket' /etc/nginx/sites-enabled/mattermost.conf && grep -q 'proxy_set_header Upgrade' /etc/nginx/sites-enabled/mattermost.conf"
check "HTTP on port 80 redirects to HTTPS" \
  bash -c "curl -s --max-time 10 -o /dev/null -w '%{http_code} %{redirect_url}' http://$MMIP/ -H 'Host: mm.test' | grep -q '^301 https://mm.test/'"
check "directory host: vereint directory serve on PostgreSQL ready behind its self-signed TLS vhost (/readyz 200)" \
  bash -c "for i in \$(seq 1 20); do curl -sk --max-time 10 --resolve 'dir.test:443:$DIRIP' -o /dev/null -w '%{http_code}' https://dir.test/readyz | grep -q '^200' && exit 0; sleep 1; done; exit 1"
check "STUN binding to coturn (UDP 3478)" python3 "$HERE/lib/stun_check.py" binding "$MMIP" 3478
TURN_SECRET="$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["coturn_static_auth_secret"])' "$SITE_STATE/secrets.json")"
check "TURN allocates with REST credentials and refuses relaying to private/loopback peers (403)" \
  python3 "$HERE/lib/stun_check.py" turn-deny "$MMIP" 3478 "$TURN_SECRET" "$GW_MM" 127.0.0.1 192.168.1.1
check "coturn TLS port answers (5349)" \
  bash -c "echo | timeout 10 openssl s_client -connect $MMIP:5349 -brief 2>&1 | grep -qi 'Protocol version: TLSv1.[23]'"
port_closed() { ! timeout 5 bash -c "exec 3<>/dev/tcp/$1/$2" 2>/dev/null; }
check "PostgreSQL 5432 not reachable from outside (Mattermost host)" port_closed "$MMIP" 5432
check "PostgreSQL 5432 not reachable from outside (directory host)" port_closed "$DIRIP" 5432
# a listener the firewall never opened: reachable inside, blocked outside
th_ssh "$MM" "systemd-run --unit=vereint-probe --quiet python3 -m http.server --bind 0.0.0.0 8999" || true
check "probe listener on 8999 is up inside the host" \
  th_ssh "$MM" "for i in \$(seq 1 20); do curl -s -o /dev/null http://127.0.0.1:8999/ && exit 0; sleep 0.5; done; exit 1"
check "port 8999 (not opened) is blocked by ufw from outside" port_closed "$MMIP" 8999
th_ssh "$MM" "systemctl stop vereint-probe" || true
check "ufw active with default deny incoming" th_ssh "$MM" "ufw status verbose | grep -q 'Default: deny (incoming)'"
check "secret files are 0600" th_ssh "$MM" 'set -e; for f in /etc/mattermost/mattermost.env /etc/mattermost/bot-token.json /etc/vereint/agent.toml /etc/turnserver.conf; do m=$(stat -c %a "$f"); echo "$f $m"; [ "$m" = 600 ]; done'
check "directory config is 0600 owned by vereint" th_ssh "$DIR" '[ "$(stat -c "%a %U" /etc/vereint/vereint.toml)" = "600 vereint" ]'
check "agent: binary, config (owner vereint) and unit installed, service active" th_ssh "$MM" \
  'test -x /usr/local/bin/vereint && [ "$(stat -c %U /etc/vereint/agent.toml)" = vereint ] && systemctl cat vereint-agent.service | grep -q "agent run" && systemctl is-active -q vereint-agent'
check "directory: unit active, PostgreSQL database created" th_ssh "$DIR" \
  'systemctl cat vereint-directory.service | grep -q "directory serve" && systemctl is-active -q vereint-directory && runuser -u postgres -- psql -tAc "select 1 from pg_database where datname='"'vereint'"'" | grep -q 1'
check "PostgreSQL 15 listens on localhost only" th_ssh "$MM" \
  "runuser -u postgres -- psql -tAc 'show listen_addresses' | grep -qx localhost && pg_lsclusters -h | grep -q '^15 main'"
check "certbot renewal timer active with the pebble CA for renewals" th_ssh "$MM" \
  "systemctl is-active -q certbot.timer && systemctl show certbot.service -p Environment | grep -q REQUESTS_CA_BUNDLE"
check "unattended-upgrades enabled, time sync unit enabled" th_ssh "$MM" \
  "grep -q 'Unattended-Upgrade \"1\"' /etc/apt/apt.conf.d/20auto-upgrades && systemctl is-enabled -q systemd-timesyncd"

step "pre-flight from outside (vereint provision check)"
# finding HOST WHAT: "ok" or "problem: DETAIL" from `provision check --json` (its exit code says whether any
# finding anywhere is a problem; the test hosts share this machine's memory, so it is not asserted)
pcheck() { timeout 120 "$VEREINT" --lang en provision check "$SITE" --json >"$TH_RUN/logs/$1.out" 2>"$TH_RUN/logs/$1.err" || true; }
finding() {
  python3 -c 'import json,sys
f=[x for x in json.load(open(sys.argv[1])) if x["host"]==sys.argv[2] and x["what"]==sys.argv[3]]
print(("ok" if f[0]["ok"] else "problem: " + f[0]["detail"]) if f else "missing")' "$TH_RUN/logs/$1.out" "$2" "$3"
}
pcheck check-applied
for hw in mm:port/80 mm:port/443 dir:port/80 dir:port/443; do
  got="$(finding check-applied "${hw%%:*}" "${hw#*:}" 2>&1)"
  if [[ "$got" == ok ]]; then pass "provision check: ${hw#*:} of ${hw%%:*} reachable from here"; else fail "provision check: ${hw#*:} of ${hw%%:*}" "$got"; fi
done
# a rule of its own (from this machine): ufw skips a plain "deny 443/tcp" beside the existing allow
th_ssh "$DIR" "ufw insert 1 deny from $(th_gw "$DIR") to any port 443 proto tcp >/dev/null" || true
pcheck check-blocked
th_ssh "$DIR" "ufw delete deny from $(th_gw "$DIR") to any port 443 proto tcp >/dev/null" || true
got="$(finding check-blocked dir port/443 2>&1)"
if [[ "$got" == "problem: "*firewall* ]]; then pass "provision check: a blocked 443 is a problem that names the fix"; else
  fail "provision check: a blocked 443 is a problem that names the fix" "$got"; fi

step "unit sandboxing (systemd-analyze security)"
# exposure IDX UNIT: systemd's overall exposure figure (0 = fully sandboxed, 10 = not at all)
exposure() {
  th_ssh "$1" "systemd-analyze security --no-pager $2 2>/dev/null" \
    | awk '/Overall exposure level/ {for (i = 1; i <= NF; i++) if ($i ~ /^[0-9]+\.[0-9]+$/) print $i}'
}
# measured on the test hosts: 1.5, 1.6, 1.9, 1.5 (Debian's ssh.service: 9.6)
for entry in "$MM:vereint-agent:2.0" "$MM:mattermost:2.0" "$MM:coturn:2.5" "$DIR:vereint-directory:2.0"; do
  IFS=: read -r idx unit limit <<<"$entry"
  e="$(exposure "$idx" "$unit.service")"
  if [[ -n "$e" ]] && awk -v e="$e" -v l="$limit" 'BEGIN {exit !(e <= l)}'; then
    pass "$unit.service sandboxed: exposure $e (limit $limit)"
  else fail "$unit.service sandboxed: exposure ${e:-?} (limit $limit)"; fi
  printf 'exposure %s %s\n' "$unit" "${e:-?}" >>"$TH_RUN/logs/exposure.log"
done
umask_and_caps() {
  local u
  for u in vereint-agent mattermost; do
    th_ssh "$MM" "systemctl show -p UMask -p CapabilityBoundingSet $u" | sort | tr '\n' ' ' | grep -qx 'CapabilityBoundingSet= UMask=0077 ' || return 1
  done
  th_ssh "$DIR" "systemctl show -p UMask -p CapabilityBoundingSet vereint-directory" | sort | tr '\n' ' ' | grep -qx 'CapabilityBoundingSet= UMask=0077 '
}
check "sandboxed units run with UMask=0077 and an empty capability bounding set (agent, Mattermost, directory)" umask_and_caps

step "registration and agent reports"
INSTANCE_ID="$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["id"])' "$SITE_STATE/instance.json" 2>/dev/null)" || INSTANCE_ID=""
check "apply registered the instance (id and secret 0600 in the state dir, id printed)" bash -c \
  "[ -n '$INSTANCE_ID' ] && [ \"\$(stat -c %a '$SITE_STATE/instance.json')\" = 600 ] && grep -q '$INSTANCE_ID' '$TH_RUN/logs/apply-1.out'"
# instance_field FIELD: this instance's FIELD in the directory's public list
instance_field() {
  curl -sf --max-time 5 "$DSRV/api/v1/instances" | python3 -c '
import json, sys
for i in json.load(sys.stdin):
    if i["id"] == sys.argv[1]:
        print(i.get(sys.argv[2]))' "$INSTANCE_ID" "$1"
}
# wait_status STATUS SECONDS: polls once a second; prints the seconds it took
wait_status() {
  local want="$1" limit="$2" t0=$SECONDS
  while ((SECONDS - t0 <= limit)); do
    [[ "$(instance_field status 2>/dev/null)" == "$want" ]] && { echo $((SECONDS - t0)); return 0; }
    sleep 1
  done
  return 1
}
check "the directory lists the instance with the site's organisation" bash -c \
  "curl -sf '$DSRV/api/v1/instances' | python3 -c 'import json,sys; assert any(i[\"id\"]==\"$INSTANCE_ID\" and i[\"organisation\"]==\"vereint test site\" for i in json.load(sys.stdin))'"
if took="$(wait_status ok $((3 * AGENT_INTERVAL)))" && [[ "$(instance_field last_report_at)" != None ]]; then
  pass "agent reports arrive (signed, accepted by the directory); instance ok after ${took}s"
else
  fail "agent reports arrive and the instance is ok" "status=$(instance_field status) last_report_at=$(instance_field last_report_at)"
  th_ssh "$MM" "journalctl -u vereint-agent --no-pager -n 30" || true
fi
wrong_key_refused() { # a report signed with another key is refused (401)
  local ts body sig
  ts="$(date +%s)"; body='{"report_id":"00000000000000000000000000000001","status":"ok","observed_at":"2026-01-01T00:00:00Z","interval_secs":10,"version":"0","checks":[]}'
  sig="$(python3 -c 'import hmac,hashlib,sys; print("sha256="+hmac.new(b"not-the-instance-secret", (sys.argv[1]+"."+sys.argv[2]).encode(), hashlib.sha256).hexdigest())' "$ts" "$body")"
  [[ "$(curl -s -o /dev/null -w '%{http_code}' -X POST -H 'Content-Type: application/json' -H "X-Vereint-Timestamp: $ts" \
       -H "X-Vereint-Signature: $sig" --data "$body" "$DSRV/api/v1/instances/$INSTANCE_ID/reports")" == 401 ]] &&
  [[ "$(curl -s -o /dev/null -w '%{http_code}' -X POST -H 'Content-Type: application/json' --data "$body" "$DSRV/api/v1/instances/$INSTANCE_ID/reports")" == 401 ]]
}
check "the directory refuses reports signed with another key and unsigned reports (401)" wrong_key_refused
th_ssh "$MM" systemctl stop mattermost || true
if took="$(wait_status critical $((2 * AGENT_INTERVAL)))"; then
  pass "Mattermost stopped: instance critical in the directory after ${took}s (limit: two intervals, $((2 * AGENT_INTERVAL))s)"
else fail "Mattermost stopped: instance critical within two report intervals" "status=$(instance_field status)"; fi
th_ssh "$MM" systemctl start mattermost || true
if took="$(wait_status ok $((2 * AGENT_INTERVAL)))"; then
  pass "Mattermost started again: instance ok after ${took}s (limit $((2 * AGENT_INTERVAL))s)"
else fail "Mattermost started again: instance ok within two report intervals" "status=$(instance_field status)"; fi

step "backup and restore"
TOKEN="$(th_ssh "$MM" cat /etc/mattermost/bot-token.json | python3 -c 'import json,sys; print(json.load(sys.stdin)["token"])')" || TOKEN=""
api() { # api METHOD PATH [JSON]
  curl -s --max-time 10 --cacert "$ROOTS" --resolve "mm.test:443:$MMIP" -H "Authorization: BEARER $TOKEN" \
    -H 'Content-Type: application/json' -X "$1" ${3:+--data "$3"} "https://mm.test/api/v4$2"
}
teams() { api GET /teams | python3 -c 'import json,sys; print(" ".join(sorted(t["name"] for t in json.load(sys.stdin))))'; }
teams_are() { [[ "$(teams 2>/dev/null)" == "$1" ]]; }
bot_ok() { api GET /users/me | python3 -c 'import json,sys; d=json.load(sys.stdin); assert d["is_bot"] and d["username"]=="vereint-directory", d'; }
check "bot token from first install works (GET /users/me is the bot)" bot_ok
check "create team before backup (POST /api/v4/teams -> 201)" \
  bash -c "curl -s --max-time 10 --cacert '$ROOTS' --resolve 'mm.test:443:$MMIP' -H 'Authorization: Bearer $TOKEN' -H 'Content-Type: application/json' -o /dev/null -w '%{http_code}' -X POST --data '{\"name\":\"before-backup\",\"display_name\":\"Before\",\"type\":\"O\"}' https://mm.test/api/v4/teams | grep -qx 201"
t=$SECONDS
if vp backup backup; then pass "vereint provision backup ($((SECONDS - t))s)"; else fail "vereint provision backup"; failed_tasks backup; fi
check "backup archive is 0600" th_ssh "$MM" 'ls /var/backups/mattermost/mattermost-*.tar.gz >/dev/null && for f in /var/backups/mattermost/mattermost-*.tar.gz; do [ "$(stat -c %a "$f")" = 600 ] || exit 1; done'
offsite_snapshot() {
  [[ "$(th_ssh "$MM" /usr/local/sbin/vereint-backup snapshots | python3 -c 'import json,sys; print(len(json.load(sys.stdin)))')" -ge 1 ]]
}
check "off-site: vereint provision backup made a restic snapshot in the repository on the second host" offsite_snapshot
offsite_encrypted() { # restic's repository, owned by the SFTP user, with no readable name of what it holds
  th_ssh "$DIR" 'test -f /srv/restic/test/config && [ "$(stat -c %U /srv/restic/test/config)" = restic ] && ! grep -rqa -e before-backup -e mattermost.dump -e turnserver /srv/restic/test'
}
check "off-site: the repository on the second host is encrypted (no team or file name readable)" offsite_encrypted
offsite_setup() {
  python3 -c 'import json,sys; assert len(json.load(open(sys.argv[1]))["backup_restic_password"]) == 32' "$SITE_STATE/secrets.json" &&
  th_ssh "$MM" "[ \"\$(stat -c %a /etc/vereint-backup/password)\" = 600 ] && systemctl is-enabled -q vereint-backup.timer && systemctl is-active -q vereint-backup.timer \
    && systemctl show -p TimersCalendar vereint-backup.timer | grep -q '$BACKUP_TIME:00' \
    && grep -q -- '--keep-daily 7 --keep-weekly 4' /usr/local/sbin/vereint-backup"
}
check "off-site: password generated (state, 0600 on the host), daily timer active at $BACKUP_TIME, retention 7/4/6" offsite_setup
offsite_content() { # what a site needs to come back is in the snapshot
  th_ssh "$MM" "cd /tmp && rm -rf ls-check && mkdir ls-check && /usr/local/sbin/vereint-backup restore latest /tmp/ls-check /var/backups/vereint-staging /etc/nginx /etc/turnserver.conf /var/lib/mattermost \
    && test -s /tmp/ls-check/var/backups/vereint-staging/mattermost.dump && test -f /tmp/ls-check/etc/turnserver.conf \
    && test -d /tmp/ls-check/etc/nginx/sites-enabled && ls /tmp/ls-check/var/lib/mattermost/data/teams/*/team.json >/dev/null; rc=\$?; rm -rf /tmp/ls-check; exit \$rc"
}
check "off-site: the snapshot holds the Mattermost dump and data, nginx's and coturn's configuration" offsite_content
backup_check_reported() { # the agent's next report carries the backup age as a check
  local i
  for ((i = 0; i < 3 * AGENT_INTERVAL; i++)); do
    curl -sf "$DSRV/api/v1/instances/$INSTANCE_ID/reports?limit=1" | python3 -c '
import json, sys
c = [c for c in json.load(sys.stdin)["reports"][0]["checks"] if c["check"] == "backup"]
assert c and c[0]["status"] == "ok" and c[0]["detail"].startswith("last successful backup"), c' 2>/dev/null && return 0
    sleep 1
  done
  return 1
}
check "the agent reports the age of the last successful backup as a check (ok)" backup_check_reported
api POST /teams '{"name":"after-backup","display_name":"After","type":"O"}' >/dev/null || true
check "both teams present before restore" teams_are "after-backup before-backup"
t=$SECONDS
if vp restore restore; then pass "vereint provision restore ($((SECONDS - t))s)"; else fail "vereint provision restore"; failed_tasks restore; fi
got="$(teams 2>/dev/null || true)"
if [[ "$got" == "before-backup" ]]; then pass "restore keeps the team created before the backup (and drops the later one)"; else
  fail "restore keeps the team created before the backup" "teams after restore: '$got'"; fi
check "team file in the data directory restored" th_ssh "$MM" 'ls /var/lib/mattermost/data/teams/*/team.json >/dev/null'

step "upgrade and rollback"
version() { curl -s --max-time 10 --cacert "$ROOTS" --resolve "mm.test:443:$MMIP" -D - -o /dev/null https://mm.test/api/v4/system/ping | tr -d '\r' | awk -F': ' 'tolower($1)=="x-version-id"{print $2}'; }
link() { th_ssh "$MM" readlink /opt/mattermost/current; }
up() { # up LOG VERSION
  vp "$1" upgrade --version "$2" --sha256 "$(sha_of "$2")" \
    --url "http://$GW_MM:8000/mattermost-$2-linux-amd64.tar.gz"
}
# what an admin changes after install: a System Console setting (through the API, as the console saves it)
# and a plugin (unpacked into the plugin directory, as an upload does)
ADMIN_PW="$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["mattermost_admin_password"])' "$SITE_STATE/secrets.json")"
ADMIN_TOKEN="$(curl -s --max-time 10 --cacert "$ROOTS" --resolve "mm.test:443:$MMIP" -D - -o /dev/null -H 'Content-Type: application/json' \
  --data "{\"login_id\":\"vereintadmin\",\"password\":\"$ADMIN_PW\"}" https://mm.test/api/v4/users/login | tr -d '\r' | awk -F': ' 'tolower($1)=="token"{print $2}')" || ADMIN_TOKEN=""
admin_api() { # admin_api METHOD PATH [JSON]
  curl -s --max-time 10 --cacert "$ROOTS" --resolve "mm.test:443:$MMIP" -H "Authorization: Bearer $ADMIN_TOKEN" \
    -H 'Content-Type: application/json' -X "$1" ${3:+--data "$3"} "https://mm.test/api/v4$2"
}
site_name() { admin_api GET /config | python3 -c 'import json,sys; print(json.load(sys.stdin)["TeamSettings"]["SiteName"])'; }
plugin_listed() { admin_api GET /plugins | python3 -c 'import json,sys; d=json.load(sys.stdin); ids=[p["id"] for p in d["active"]+d["inactive"]]; assert "org.vereint.testplugin" in ids, ids'; }
admin_state_kept() { # admin_state_kept WHEN
  if [[ "$(site_name 2>/dev/null)" == "Verein Testsite" ]] && plugin_listed 2>/dev/null \
     && th_ssh "$MM" 'test -f /var/lib/mattermost/client-plugins/org.vereint.testplugin/main.js'; then
    pass "$1: the changed setting (TeamSettings.SiteName) and the plugin are still there"
  else fail "$1: setting and plugin kept" "SiteName=$(site_name 2>/dev/null) plugins=$(admin_api GET /plugins | head -c 200)"; fi
}
admin_api PUT /config/patch '{"TeamSettings":{"SiteName":"Verein Testsite"}}' >/dev/null || true
th_ssh "$MM" 'set -e; for d in /var/lib/mattermost/plugins /var/lib/mattermost/client-plugins; do install -d -o mattermost -g mattermost -m 0750 $d/org.vereint.testplugin; done
  printf "{\"id\": \"org.vereint.testplugin\", \"name\": \"vereint test plugin\", \"version\": \"1.0.0\"}\n" >/var/lib/mattermost/plugins/org.vereint.testplugin/plugin.json
  echo "/* test bundle */" >/var/lib/mattermost/client-plugins/org.vereint.testplugin/main.js
  chown -R mattermost:mattermost /var/lib/mattermost/plugins /var/lib/mattermost/client-plugins' || true
config_in_db() {
  [[ "$(site_name)" == "Verein Testsite" ]] && th_ssh "$MM" \
    "runuser -u postgres -- psql -d mattermost -tAc 'select value from configurations where active' | grep -q 'Verein Testsite'"
}
check "a setting changed after install reads back and is stored in the database (MM_CONFIG), not in the version directory" config_in_db
check "a plugin in the plugin directory outside the versions is listed by the server" plugin_listed
t=$SECONDS
if up upgrade-v2 "$MM_V2" && [[ "$(link)" == "/opt/mattermost/versions/$MM_V2" ]] && [[ "$(version)" == "$MM_V2".* ]]; then
  pass "upgrade to $MM_V2 switches current and serves the new version ($((SECONDS - t))s)"
else fail "upgrade to $MM_V2" "link=$(link) version=$(version)"; failed_tasks upgrade-v2; fi
admin_state_kept "after the upgrade to $MM_V2"
check "old version directory kept beside the new one" th_ssh "$MM" "test -x /opt/mattermost/versions/$MM_V1/bin/mattermost"
t=$SECONDS
if up upgrade-broken "$MM_BROKEN"; then fail "broken upgrade is refused" "vereint provision upgrade succeeded with a broken build"; else
  if grep -q "rolled back to $MM_V2" "$TH_RUN/logs/upgrade-broken.err" && [[ "$(link)" == "/opt/mattermost/versions/$MM_V2" ]] \
     && [[ "$(version)" == "$MM_V2".* ]]; then
    pass "failed health check after upgrade rolls back automatically to $MM_V2 ($((SECONDS - t))s)"
  else fail "automatic rollback" "link=$(link) version=$(version)"; failed_tasks upgrade-broken; fi
fi
t=$SECONDS
if up rollback-v1 "$MM_V1" && [[ "$(link)" == "/opt/mattermost/versions/$MM_V1" ]] && [[ "$(version)" == "$MM_V1".* ]]; then
  pass "rollback to $MM_V1 is a switch of current ($((SECONDS - t))s)"
else fail "rollback to $MM_V1" "link=$(link) version=$(version)"; failed_tasks rollback-v1; fi
admin_state_kept "after the rollback to $MM_V1"
check "teams survive upgrade and rollback" teams_are before-backup
t=$SECONDS
if up upgrade-migrating "$MM_MIGRATING"; then fail "upgrade to a build that migrates and fails is refused" "it succeeded"; else
  if grep -q "restored the pre-upgrade backup" "$TH_RUN/logs/upgrade-migrating.err" \
     && [[ "$(link)" == "/opt/mattermost/versions/$MM_V1" ]] && [[ "$(version)" == "$MM_V1".* ]]; then
    pass "the old version cannot start on the database $MM_MIGRATING migrated: rolled back and the pre-upgrade backup restored automatically ($((SECONDS - t))s)"
  else fail "rollback with restore of the pre-upgrade backup" "link=$(link) version=$(version) $(grep -o 'rolled back[^"]*' "$TH_RUN/logs/upgrade-migrating.err" | head -1)"; failed_tasks upgrade-migrating; fi
fi
check "after the restore the old version serves the teams from before" teams_are before-backup
admin_state_kept "after the rollback with restore"

step "off-site restore drill"
# the first host loses Mattermost's data, database and local archives; only the second host's copy is left
th_ssh "$MM" 'systemctl stop mattermost && rm -rf /var/lib/mattermost/* /var/backups/mattermost/*.tar.gz && runuser -u postgres -- dropdb mattermost' || true
check "drill: Mattermost's data and database are gone" th_ssh "$MM" '! runuser -u postgres -- psql -lqt | cut -d"|" -f1 | grep -qw mattermost && [ -z "$(ls -A /var/lib/mattermost)" ]'
t=$SECONDS
if vp restore-offsite restore --from-offsite; then pass "vereint provision restore --from-offsite ($((SECONDS - t))s)"; else
  fail "vereint provision restore --from-offsite"; failed_tasks restore-offsite; fi
got="$(teams 2>/dev/null || true)"
if [[ "$got" == "before-backup" ]]; then pass "drill: the team created before the off-site backup is back"; else
  fail "drill: the team created before the off-site backup is back" "teams: '$got'"; fi
check "drill: team file in the data directory restored" th_ssh "$MM" 'ls /var/lib/mattermost/data/teams/*/team.json >/dev/null'

step "off-site backup to S3 (moto_server)"
# the same site with an S3 repository: moto_server (TLS, its certificate trusted by the Mattermost host;
# signatures checked against the user s3_user.py creates) on the host side of the Mattermost host's veth
t_s3=$SECONDS
S3V="$TH_WORK/s3-venv/bin"
S3D="$TH_RUN/s3"
install -d -m 0700 "$S3D"
openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -days 2 -subj "/CN=vereint test S3" \
  -addext "subjectAltName=IP:$GW_MM" -keyout "$S3D/key.pem" -out "$S3D/cert.pem" 2>/dev/null
INITIAL_NO_AUTH_ACTION_COUNT=3 th_start_bg moto "$S3V/moto_server" -H "$GW_MM" -p 9000 -c "$S3D/cert.pem" -k "$S3D/key.pem"
# readiness through moto's own API: S3 or IAM requests would count against INITIAL_NO_AUTH_ACTION_COUNT
for i in $(seq 1 40); do curl -sf -o /dev/null --cacert "$S3D/cert.pem" "https://$GW_MM:9000/moto-api/data.json" && break; sleep 0.5; done
S3_ID=""; S3_SECRET=""
read -r S3_ID S3_SECRET < <("$S3V/python" "$HERE/lib/s3_user.py" "https://$GW_MM:9000" "$S3D/cert.pem" 2>>"$TH_RUN/logs/checks.log") || true
check "moto_server up over HTTPS; the backup's S3 user and access key created" test -n "$S3_SECRET"
(umask 077; printf '%s\n' "$S3_SECRET" >"$TH_RUN/site/s3-secret.key")
th_ssh "$MM" "cat >/usr/local/share/ca-certificates/vereint-test-s3.crt && update-ca-certificates >/dev/null" <"$S3D/cert.pem" || true
S3_SITE="$TH_RUN/site/s3.toml"
S3_STATE="$TH_RUN/site/s3.state"
cp -a "$SITE_STATE" "$S3_STATE"  # the same secrets and instance: only the repository differs
python3 - "$SITE" "$S3_SITE" "s3:https://$GW_MM:9000/vereint-test/site" "$S3_ID" "$TH_RUN/site/s3-secret.key" <<'PY'
import re, sys
text = open(sys.argv[1]).read()
backup = f'[backup]\nrepository = "{sys.argv[3]}"\ns3_access_key_id = "{sys.argv[4]}"\ns3_secret_access_key_file = "{sys.argv[5]}"\ntime = "04:17"\n\n'
open(sys.argv[2], "w").write(re.sub(r"\[backup\]\n.*?\n\n", backup, text, count=1, flags=re.S))
PY
SFTP_SITE="$SITE"; SITE="$S3_SITE"
t=$SECONDS
if vp s3-apply apply --tags backup; then pass "apply --tags backup with the S3 repository ($((SECONDS - t))s)"; else
  fail "apply --tags backup with the S3 repository"; failed_tasks s3-apply; fi
s3_secret_kept() { # in the state (0600) and in restic's env file on the host (0600, read by the unit); not in the output
  [[ -n "$S3_SECRET" ]] && python3 -c 'import json,sys; assert json.load(open(sys.argv[1]))["backup_s3_secret_access_key"] == sys.argv[2]' "$S3_STATE/secrets.json" "$S3_SECRET" \
    && [[ "$(stat -c %a "$S3_STATE/secrets.json")" == 600 ]] \
    && ! grep -qF -- "$S3_SECRET" "$TH_RUN"/logs/s3-apply.* "$S3_STATE/inventory.json" \
    && th_ssh "$MM" "[ \"\$(stat -c %a /etc/vereint-backup/env)\" = 600 ] && grep -qx \"AWS_SECRET_ACCESS_KEY='$S3_SECRET'\" /etc/vereint-backup/env \
      && grep -qx \"AWS_ACCESS_KEY_ID='$S3_ID'\" /etc/vereint-backup/env && systemctl cat vereint-backup.service | grep -qx 'EnvironmentFile=/etc/vereint-backup/env' \
      && ! grep -qF -- '$S3_SECRET' /usr/local/sbin/vereint-backup /etc/systemd/system/vereint-backup.service"
}
check "S3 secret key: 0600 in the state and in restic's env file on the host (the unit's EnvironmentFile); not in the logs, inventory, job or unit" s3_secret_kept
api POST /teams '{"name":"s3-team","display_name":"S3","type":"O"}' >/dev/null || true
t=$SECONDS
if th_ssh "$MM" "grep -q \"^RESTIC_REPOSITORY='s3:\" /etc/vereint-backup/env && systemctl start vereint-backup.service && systemctl show -p Result vereint-backup.service | grep -qx Result=success" >>"$TH_RUN/logs/checks.log" 2>&1; then
  pass "the timer's vereint-backup.service backed up to S3 ($((SECONDS - t))s)"
else fail "the timer's vereint-backup.service backed up to S3" "$(th_ssh "$MM" journalctl -u vereint-backup --no-pager -n 8 2>&1 | tail -8 | tr '\n' ' ')"; fi
s3_snapshots() { # through the job's wrapper, and with plain restic and the env file, as an admin would
  [[ "$(th_ssh "$MM" /usr/local/sbin/vereint-backup snapshots | python3 -c 'import json,sys; print(len(json.load(sys.stdin)))')" == 1 ]] &&
  th_ssh "$MM" "set -a; . /etc/vereint-backup/env; restic snapshots --json" | python3 -c 'import json,sys; s=json.load(sys.stdin); assert len(s) == 1 and s[0]["hostname"] == "mm", s'
}
check "restic snapshots lists the S3 snapshot (the job's wrapper, and plain restic with the env file)" s3_snapshots
s3_wrong_key_refused() { # moto checks the signature: the same repository with a wrong secret key fails
  th_ssh "$MM" "set -a; . /etc/vereint-backup/env; AWS_SECRET_ACCESS_KEY=wrong-key-0000; ! restic snapshots --no-lock 2>&1" | grep -q 'signature we calculated does not match'
}
check "the S3 server refuses the repository with a wrong secret key (signatures are checked)" s3_wrong_key_refused
th_ssh "$MM" 'systemctl stop mattermost && rm -rf /var/lib/mattermost/* /var/backups/mattermost/*.tar.gz && runuser -u postgres -- dropdb mattermost' || true
t=$SECONDS
if vp restore-s3 restore --from-offsite; then pass "vereint provision restore --from-offsite from S3 ($((SECONDS - t))s)"; else
  fail "vereint provision restore --from-offsite from S3"; failed_tasks restore-s3; fi
got="$(teams 2>/dev/null || true)"
# s3-team is only in the S3 snapshot (the SFTP repository's snapshots are older)
if [[ "$got" == "before-backup s3-team" ]]; then pass "S3 drill: Mattermost's data and database wiped, the teams of the S3 snapshot are back"; else
  fail "S3 drill: the teams of the S3 snapshot are back" "teams: '$got'"; fi
SITE="$SFTP_SITE"
printf 'testhost: S3 part %ss\n' "$((SECONDS - t_s3))"

step "bigbluebutton pre-flight on Debian"
# a second site that puts BigBlueButton on the (Debian) directory host: apply must stop in the role's pre-flight
BBB_SITE="$TH_RUN/site/bbb.toml"
cat >"$BBB_SITE" <<TOML
organisation = "vereint test site"
contact_email = "admin@bbb.test"

[tls]
mode = "selfsigned"

[domains]
bigbluebutton = "bbb.test"

[ansible]
home = "$TH_WORK"

[vars]
common_apt_cache_valid_time = 86400
bigbluebutton_letsencrypt_email = "admin@bbb.test"
bigbluebutton_install_script_sha256 = "$(printf '0%.0s' {1..64})"

[[hosts]]
name = "dir"
address = "$(th_ip "$DIR")"
ssh = { user = "root", key = "$TH_RUN/ssh/id_ed25519" }
services = ["bigbluebutton"]
TOML
if timeout 900 "$VEREINT" --lang en provision apply "$BBB_SITE" --log "$TH_RUN/logs/bbb.log" >"$TH_RUN/logs/bbb.out" 2>"$TH_RUN/logs/bbb.err"; then
  fail "BBB role refuses Debian" "the apply succeeded"
else
  if grep -q "only on Ubuntu 22.04" "$TH_RUN/logs/bbb.err" && grep -q "FAILED on dir" "$TH_RUN/logs/bbb.err" \
     && ! grep '"event": "task_start"' "$TH_RUN/logs/bbb.log" | grep -qi "bbb-install"; then
    pass "BBB role stops in its pre-flight naming Ubuntu 22.04 (vereint provision apply shows host, task, hint)"
  else fail "BBB role pre-flight message" "$(head -5 "$TH_RUN/logs/bbb.err" | tr '\n' ' ')"; fi
fi

step "bigbluebutton contract (stand-ins)"
bbb_contract "$BBB"

step "lint result"
lint_result
