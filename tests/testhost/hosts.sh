#!/usr/bin/env bash
# Disposable Debian bookworm test hosts: systemd-nspawn in network namespaces (see shared TESTHOST.md).
# Source this file; it defines th_* functions. All processes it starts are recorded by PID and stopped by
# th_teardown (call it from an EXIT trap). Network: one veth per host, 10.203.<idx>.1 (host side) /
# 10.203.<idx>.2 (guest); the guest reaches only the host side (apt proxy limited to the Debian mirror,
# the fixture file server and pebble).
set -euo pipefail

TH_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
TH_WORK="${TESTHOST_WORK:-/var/tmp/vereint-test}"
TH_NET="${TESTHOST_NET:-10.203}"
TH_SUITE="bookworm"
TH_MIRROR="http://deb.debian.org/debian"
TH_INCLUDE="systemd,systemd-sysv,dbus,openssh-server,python3,python3-apt,sudo,iproute2,ca-certificates"
TH_HOST_PACKAGES=(debootstrap systemd-container openssh-client iproute2 pebble curl openssl)
TH_RUN=""          # per-run dir, set by th_init
TH_PIDS=()         # processes we started (stopped in reverse order)
TH_NETNS=()        # netns we created
TH_VETH=()         # host-side veths we created
TH_NSPAWN=()       # "name:pid" of booted hosts

th_log() { printf '[testhost %(%H:%M:%S)T] %s\n' -1 "$*" >&2; }

th_init() {
  mkdir -p "$TH_WORK/cache"
  TH_RUN="$(mktemp -d "$TH_WORK/run.XXXXXX")"
  chmod 0700 "$TH_RUN"
  mkdir -p "$TH_RUN/ssh" "$TH_RUN/hosts" "$TH_RUN/logs"
  ssh-keygen -q -t ed25519 -N '' -C "vereint-testhost" -f "$TH_RUN/ssh/id_ed25519"
  th_log "run dir $TH_RUN"
}

# Installs what the harness needs on this machine (Debian packages only).
th_host_packages() {
  local missing=() p
  for p in "${TH_HOST_PACKAGES[@]}"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
  done
  if ((${#missing[@]})); then
    th_log "installing host packages: ${missing[*]}"
    timeout 600 apt-get update -qq
    DEBIAN_FRONTEND=noninteractive timeout 900 apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
  fi
}

# Builds (or reuses) the cached root tree; prints its path.
th_tree() {
  local key tree
  key="$(printf '%s|%s|%s|v2' "$TH_SUITE" "$TH_MIRROR" "$TH_INCLUDE" | sha256sum | cut -c1-16)"
  mkdir -p "$TH_WORK/cache"
  tree="$TH_WORK/cache/rootfs-$TH_SUITE-$key"
  if [[ ! -f "$tree/.complete" ]]; then
    th_log "debootstrap $TH_SUITE into $tree (cached afterwards)"
    rm -rf "$tree" "$tree.tmp"
    timeout 1200 debootstrap --variant=minbase --include="$TH_INCLUDE" "$TH_SUITE" "$tree.tmp" "$TH_MIRROR" \
      >"$TH_WORK/cache/debootstrap-$key.log" 2>&1 \
      || { tail -20 "$TH_WORK/cache/debootstrap-$key.log" >&2; return 1; }
    cat >"$tree.tmp/etc/apt/sources.list" <<SRC
deb http://deb.debian.org/debian bookworm main
deb http://deb.debian.org/debian bookworm-updates main
deb http://deb.debian.org/debian-security bookworm-security main
SRC
    rm -f "$tree.tmp"/etc/ssh/ssh_host_*
    chroot "$tree.tmp" apt-get clean
    # no recommends inside the hosts either: keeps the role runs fast and predictable
    printf 'APT::Install-Recommends "false";\n' >"$tree.tmp/etc/apt/apt.conf.d/90vereint-norecommends"
    mv "$tree.tmp" "$tree"
    touch "$tree/.complete"
  fi
  printf '%s\n' "$tree"
}

# th_start_bg LOGNAME cmd... : starts a background process in its own session, records its PID.
th_start_bg() {
  local name="$1"; shift
  setsid "$@" >"$TH_RUN/logs/$name.log" 2>&1 </dev/null &
  TH_PIDS+=("$!")
  th_log "started $name (pid $!)"
}

# th_net IDX : netns vt<run>-<idx> with veth; host side TH_NET.IDX.1/30, guest .2
th_net() {
  local idx="$1" ns hv gv
  ns="$(th_ns "$idx")"; hv="vth$idx-$$"; gv="vtg$idx"
  hv="${hv:0:15}"
  ip netns add "$ns"; TH_NETNS+=("$ns")
  ip link add "$hv" type veth peer name "$gv"; TH_VETH+=("$hv")
  ip link set "$gv" netns "$ns"
  ip addr add "$TH_NET.$idx.1/30" dev "$hv"
  ip link set "$hv" up
  ip -n "$ns" addr add "$TH_NET.$idx.2/30" dev "$gv"
  ip -n "$ns" link set lo up
  ip -n "$ns" link set "$gv" up
}
th_ns() { printf 'vt%s-%s' "$$" "$1"; }
th_ip() { printf '%s.%s.2' "$TH_NET" "$1"; }
th_gw() { printf '%s.%s.1' "$TH_NET" "$1"; }

# th_boot NAME IDX : copy tree, key, apt proxy, boot, wait for ssh + systemd.
th_boot() {
  local name="$1" idx="$2" tree root ns ip
  tree="$(th_tree)"
  root="$TH_RUN/hosts/$name"
  ns="$(th_ns "$idx")"; ip="$(th_ip "$idx")"
  cp -a "$tree" "$root"
  rm -f "$root/.complete"
  ssh-keygen -q -A -f "$root" 2>/dev/null || ssh-keygen -A -f "$root"
  install -d -m 0700 "$root/root/.ssh"
  install -m 0600 "$TH_RUN/ssh/id_ed25519.pub" "$root/root/.ssh/authorized_keys"
  printf 'Acquire::http::Proxy "http://%s:3142";\n' "$(th_gw "$idx")" >"$root/etc/apt/apt.conf.d/01vereint-proxy"
  printf '%s\n' "$name" >"$root/etc/hostname"
  printf '127.0.0.1 localhost\n%s %s\n' "$ip" "$name" >"$root/etc/hosts"
  th_net "$idx"
  th_start_bg "aptproxy-$name" python3 "$TH_DIR/lib/aptproxy.py" --listen "$(th_gw "$idx")" --port 3142 \
    --cache "$TH_WORK/cache/apt"
  setsid systemd-nspawn -q -D "$root" -M "$name-$$" --register=no --keep-unit \
    --network-namespace-path="/run/netns/$ns" --capability=CAP_NET_ADMIN -b --console=passive \
    >"$TH_RUN/logs/nspawn-$name.log" 2>&1 </dev/null &
  TH_NSPAWN+=("$name:$!")
  TH_PIDS+=("$!")
  th_log "booting $name ($ip, pid $!)"
}

th_ssh() { # th_ssh IDX cmd...
  local idx="$1"; shift
  # one multiplexed connection per host: the hosts rate-limit SSH (ufw limit: 6 connections in 30 s)
  mkdir -p "$TH_RUN/cp"
  ssh -i "$TH_RUN/ssh/id_ed25519" -o BatchMode=yes -o StrictHostKeyChecking=no -o UserKnownHostsFile=/dev/null \
    -o LogLevel=ERROR -o ConnectTimeout=5 -o ControlMaster=auto -o "ControlPath=$TH_RUN/cp/th-%h" \
    -o ControlPersist=300s "root@$(th_ip "$idx")" "$@"
}

th_wait() { # th_wait IDX
  local idx="$1" i state
  for ((i = 0; i < 90; i++)); do
    if th_ssh "$idx" true 2>/dev/null; then break; fi
    sleep 1
  done
  th_ssh "$idx" true || { th_log "ssh to $(th_ip "$idx") never came up"; return 1; }
  state="$(th_ssh "$idx" timeout 120 systemctl is-system-running --wait || true)"
  th_log "host $(th_ip "$idx"): ssh up, system $state"
  if [[ "$state" != "running" ]]; then
    th_ssh "$idx" systemctl --failed --no-legend >&2 || true
    [[ "$state" == "degraded" ]] || return 1
  fi
}

th_teardown() {
  local i entry pid
  set +e
  # close multiplexed SSH masters (ours and Ansible's) before the hosts go away
  if [[ -n "$TH_RUN" && -d "$TH_RUN/cp" ]]; then
    for i in "$TH_RUN"/cp/*; do
      [[ -S "$i" ]] && timeout 5 ssh -o ControlPath="$i" -O exit placeholder >/dev/null 2>&1
    done
  fi
  for entry in "${TH_NSPAWN[@]}"; do
    pid="${entry#*:}"
    kill -TERM "$pid" 2>/dev/null
  done
  for entry in "${TH_NSPAWN[@]}"; do
    pid="${entry#*:}"
    for ((i = 0; i < 30; i++)); do kill -0 "$pid" 2>/dev/null || break; sleep 0.5; done
    kill -0 "$pid" 2>/dev/null && kill -KILL "$pid" 2>/dev/null
  done
  for ((i = ${#TH_PIDS[@]} - 1; i >= 0; i--)); do
    kill -TERM "${TH_PIDS[$i]}" 2>/dev/null
  done
  sleep 0.5
  for pid in "${TH_PIDS[@]}"; do kill -0 "$pid" 2>/dev/null && kill -KILL "$pid" 2>/dev/null; done
  wait 2>/dev/null
  for i in "${TH_VETH[@]}"; do ip link del "$i" 2>/dev/null; done
  for i in "${TH_NETNS[@]}"; do ip netns del "$i" 2>/dev/null; done
  if [[ -n "$TH_RUN" && -d "$TH_RUN" && "${TESTHOST_KEEP_RUN:-0}" != 1 ]]; then
    rm -rf --one-file-system "$TH_RUN"
  fi
  set -e
}
