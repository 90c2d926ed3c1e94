# The BigBlueButton role's contract test, sourced by run.sh (uses its pass/fail/check and the th_* host
# functions). Ubuntu 22.04 cannot be booted here: on a booted Debian host, stand-ins for bbb-install.sh
# and bbb-conf (fixtures/bbb/) take the real script's options, refuse what it refuses and fail when what it
# needs is missing (port 80 unreachable from outside while it runs, TURN settings that do not match coturn,
# the API secret never set). The role runs with bigbluebutton_contract_test: true (test only) and the
# meeting guard asks a `vereint sim bbb` on this machine. See ansible/roles/bigbluebutton/README.md.
# bbb_contract IDX : boots host IDX ("bbb") and runs the test on it.
bbb_contract() {
  local idx="$1" gw ip fix commit sha secret turn_secret vars inv sim_port=8404 fix_port=8403
  th_boot bbb "$idx"
  th_wait "$idx"
  gw="$(th_gw "$idx")"; ip="$(th_ip "$idx")"
  fix="$TH_RUN/bbb-fixtures"
  commit="$(sha1sum "$HERE/fixtures/bbb/bbb-install.sh" | cut -c1-40)"  # stands for a bbb-install commit
  install -d "$fix/$commit"
  install -m 0644 "$HERE/fixtures/bbb/bbb-install.sh" "$fix/$commit/bbb-install.sh"
  install -m 0644 "$HERE/fixtures/bbb/bbb-conf" "$fix/bbb-conf"
  sha="$(sha256sum "$fix/$commit/bbb-install.sh" | cut -c1-64)"
  secret="$(head -c 20 /dev/urandom | od -An -tx1 | tr -d ' \n')"
  turn_secret="$(head -c 20 /dev/urandom | od -An -tx1 | tr -d ' \n')"
  th_start_bg bbb-fixtures python3 "$HERE/lib/bbb_fixtures.py" --bind "$gw" --port "$fix_port" --dir "$fix" --target "$ip"
  (umask 077; printf '%s\n' "$secret" >"$TH_RUN/bbb-secret")
  th_start_bg sim-bbb "$VEREINT" --lang en sim bbb --bind "$gw:$sim_port" --secret-file "$TH_RUN/bbb-secret"
  th_ssh "$idx" "install -d /etc/bbb-standin && echo http://$gw:$fix_port >/etc/bbb-standin/fixtures-url"
  inv="$TH_RUN/bbb-inventory"
  printf '[bbb]\nbbb ansible_host=%s ansible_user=root\n' "$ip" >"$inv"
  vars="$TH_RUN/bbb-vars.json"
  (umask 077; cat >"$vars" <<JSON
{"common_apt_cache_valid_time": 86400,
 "coturn_static_auth_secret": "$turn_secret",
 "bigbluebutton_contract_test": true,
 "bigbluebutton_hostname": "bbb.test",
 "bigbluebutton_letsencrypt_email": "admin@bbb.test",
 "bigbluebutton_secret": "$secret",
 "bigbluebutton_install_script_commit": "$commit",
 "bigbluebutton_install_script_url": "http://$gw:$fix_port/$commit/bbb-install.sh",
 "bigbluebutton_install_script_sha256": "$sha",
 "bigbluebutton_turn_server": "bbb.test",
 "bigbluebutton_install_extra_flags": ["-j"],
 "bigbluebutton_external_ip": "203.0.113.10",
 "bigbluebutton_default_guest_policy": "ASK_MODERATOR",
 "bigbluebutton_default_max_users": 25,
 "bigbluebutton_welcome_message": "Willkommen im Verein",
 "bigbluebutton_cleanup_unrecorded_days": 3,
 "bigbluebutton_cleanup_published_days": 7,
 "bigbluebutton_cleanup_remove_published_raw": true,
 "bigbluebutton_cleanup_history_days": 2,
 "bigbluebutton_cleanup_log_history_days": 14,
 "bigbluebutton_api_url": "http://$gw:$sim_port/bigbluebutton/api"}
JSON
  )
  # bp LOG [ansible-playbook args...]: the contract playbook, output in logs/LOG.log
  bp() {
    local log="$1"; shift
    timeout 900 "$V/ansible-playbook" -i "$inv" "$HERE/playbooks/bbb-contract.yml" -e "@$vars" "$@" >"$TH_RUN/logs/$log.log" 2>&1
  }
  recap_changed() { sed -n 's/^bbb *:.* changed=\([0-9]*\).*/\1/p' "$TH_RUN/logs/$1.log" | tail -1; }
  installs() { th_ssh "$idx" 'cat /var/lib/bbb-standin/install.args 2>/dev/null | wc -l'; }
  local t=$SECONDS cores
  cores="$(th_ssh "$idx" nproc)"
  # 1. a server bbb-install.sh refuses is refused in the pre-flight (this machine: $cores cores; without -j)
  if bp bbb-small -e '{"bigbluebutton_install_extra_flags": []}' -e "{\"bigbluebutton_min_cores\": $((cores < 4 ? 4 : cores + 1))}"; then
    fail "BBB pre-flight refuses a server with too few cores" "the apply succeeded"
  elif grep -q "bbb-install.sh refuses less" "$TH_RUN/logs/bbb-small.log" && [[ "$(installs)" == 0 ]]; then
    pass "BBB pre-flight refuses $cores cores (bbb-install.sh's limit) before bbb-install.sh runs"
  else fail "BBB pre-flight refusal message" "$(grep -m3 'fatal\|msg' "$TH_RUN/logs/bbb-small.log" | tr '\n' ' ')"; fi
  # 2. first apply with the stand-ins
  t=$SECONDS
  if bp bbb-apply-1; then pass "BBB role with stand-ins: first apply ($((SECONDS - t))s)"; else
    fail "BBB role with stand-ins: first apply" "$(grep -m3 'fatal\|FAILED\|bbb-install:\|bbb-conf:' "$TH_RUN/logs/bbb-apply-1.log" | tr '\n' ' ')"
    tail -40 "$TH_RUN/logs/bbb-apply-1.log"
    return 0
  fi
  bbb_args_ok() {
    [[ "$(installs)" == 1 ]] && th_ssh "$idx" "grep -qx -- '-v jammy-300 -s bbb.test -e admin@bbb.test -c bbb.test:$turn_secret -j ' /var/lib/bbb-standin/install.args && [ \"\$(stat -c %a /var/lib/bbb-standin/install.args)\" = 600 ]"
  }
  check "BBB: bbb-install.sh ran once, from the commit URL, with -v jammy-300 -s -e -c HOST:SECRET -j" bbb_args_ok
  check "BBB: certbot's HTTP-01 reached port 80 from outside while bbb-install.sh ran (ufw opened first)" \
    bash -c "grep -qx ok '$fix/probes.log'"
  check "BBB: ufw allows 80/tcp, 443/tcp and 16384:32768/udp" th_ssh "$idx" \
    'ufw status | grep -q "^80/tcp .*ALLOW" && ufw status | grep -q "^443/tcp .*ALLOW" && ufw status | grep -q "^16384:32768/udp .*ALLOW"'
  check "BBB: turns: on coturn's TLS port 5349 (not bbb-install.sh's 443) with coturn's secret; bbb-conf --restart accepted it" th_ssh "$idx" \
    "grep -q 'turns:bbb.test:5349?transport=tcp' /etc/bigbluebutton/turn-stun-servers.xml && ! grep -q ':443' /etc/bigbluebutton/turn-stun-servers.xml \
     && grep -qx tls-listening-port=5349 /etc/turnserver.conf && [ \"\$(stat -c %a /etc/bigbluebutton/turn-stun-servers.xml)\" = 640 ] && test -s /var/lib/bbb-standin/restarts"
  check "BBB: the API secret is set (bbb-conf --secret shows it)" th_ssh "$idx" "bbb-conf --secret | grep -q 'Secret: $secret\$'"
  check "BBB: bbb-web.properties has the guest policy, maximum users and welcome text" th_ssh "$idx" \
    "grep -qx defaultGuestPolicy=ASK_MODERATOR /etc/bigbluebutton/bbb-web.properties && grep -qx defaultMaxUsers=25 /etc/bigbluebutton/bbb-web.properties \
     && grep -qx 'defaultWelcomeMessage=Willkommen im Verein' /etc/bigbluebutton/bbb-web.properties"
  check "BBB: FreeSWITCH's external_rtp_ip and external_sip_ip are the public IP" th_ssh "$idx" \
    "grep -q 'data=\"external_rtp_ip=203.0.113.10\"' /opt/freeswitch/etc/freeswitch/vars.xml && grep -q 'data=\"external_sip_ip=203.0.113.10\"' /opt/freeswitch/etc/freeswitch/vars.xml"
  check "BBB: clean-up days set in cron.daily (unrecorded 3, published 7 and enabled, history 2, logs 14), script still parses" th_ssh "$idx" \
    "f=/etc/cron.daily/bigbluebutton; grep -qx unrecorded_days=3 \$f && grep -qx published_days=7 \$f && grep -qx history=2 \$f && grep -qx log_history=14 \$f \
     && grep -qx remove_raw_of_published_recordings \$f && grep -qx 'remove_raw_of_published_recordings() {' \$f && bash -n \$f"
  check "BBB: neither secret in the Ansible output" bash -c "! grep -q -e '$secret' -e '$turn_secret' '$TH_RUN'/logs/bbb-apply-1.log"
  # 3. second apply: nothing to do
  t=$SECONDS
  if bp bbb-apply-2 && [[ "$(recap_changed bbb-apply-2)" == 0 ]] && [[ "$(installs)" == 1 ]]; then
    pass "BBB role with stand-ins: second apply changed=0, bbb-install.sh not run again ($((SECONDS - t))s)"
  else fail "BBB role: second apply changed=0" "changed=$(recap_changed bbb-apply-2) installs=$(installs); $(grep -B1 '^changed:' "$TH_RUN/logs/bbb-apply-2.log" | grep TASK | tr '\n' ' ')"; grep -B2 '^changed:' "$TH_RUN/logs/bbb-apply-2.log" | head -20; fi
  # 4. the meeting guard against vereint sim bbb: an upgrade is refused while a meeting runs
  local q="name=Vereinsabend&meetingID=club-evening" sum api="http://$gw:$sim_port/bigbluebutton/api"
  sum="$(printf '%s' "create$q$secret" | sha256sum | cut -c1-64)"
  check "BBB: a meeting created in vereint sim bbb" bash -c "curl -sf '$api/create?$q&checksum=$sum' | grep -q '<returncode>SUCCESS</returncode>'"
  if bp bbb-upgrade-busy -e '{"bigbluebutton_upgrade": true}'; then fail "BBB: upgrade refused while a meeting runs" "the apply succeeded"
  elif grep -q "reports 1 running meeting" "$TH_RUN/logs/bbb-upgrade-busy.log" && [[ "$(installs)" == 1 ]]; then
    pass "BBB: upgrade refused while vereint sim bbb reports a meeting (signed getMeetings), bbb-install.sh not run"
  else fail "BBB: upgrade refusal" "installs=$(installs) $(grep -m2 'fatal\|msg' "$TH_RUN/logs/bbb-upgrade-busy.log" | tr '\n' ' ')"; fi
  q="meetingID=club-evening"; sum="$(printf '%s' "end$q$secret" | sha256sum | cut -c1-64)"
  curl -sf "$api/end?$q&checksum=$sum" >/dev/null || true
  if bp bbb-upgrade-idle -e '{"bigbluebutton_upgrade": true}' && [[ "$(installs)" == 2 ]]; then
    pass "BBB: upgrade runs bbb-install.sh again once the meeting has ended"
  else fail "BBB: upgrade when idle" "installs=$(installs) $(grep -m2 'fatal' "$TH_RUN/logs/bbb-upgrade-idle.log" | tr '\n' ' ')"; fi
  # 5. the stand-in is not lenient: with port 80 closed it fails as certbot would
  th_ssh "$idx" 'ufw delete allow 80/tcp >/dev/null' || true
  if th_ssh "$idx" 'bash /root/bbb-install.sh -v jammy-300 -s bbb.test -e admin@bbb.test -j' >>"$TH_RUN/logs/checks.log" 2>&1; then
    fail "BBB stand-in fails with port 80 closed" "it succeeded"
  elif grep -qx unreachable "$fix/probes.log"; then pass "BBB stand-in: with port 80 closed bbb-install.sh fails (HTTP-01 unreachable from outside)"
  else fail "BBB stand-in fails with port 80 closed" "no unreachable probe recorded"; fi
}
