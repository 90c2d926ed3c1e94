#!/usr/bin/env bash
# `vereint health` side by side with Debian's prometheus-blackbox-exporter, in one run on this machine:
#   1. 1,000 HTTP targets (nginx on loopback, distinct paths, a fresh connection per probe)
#   2. 1,000 HTTPS targets with certificate expiry (own CA, chain verified by both)
#   3. a sweep of 1,000 targets of which 10% never answer: must end within the timeout + 0.5 s
#   4. STUN binding against local coturn (benches/stun.rs)
# Env: HEALTH_BENCH_BIN=path (skip the release build), SKIP_STUN=1.
# Needs: nginx, openssl, prometheus-blackbox-exporter, python3, turnserver (apt). Usage:
#   bash benches/health_vs_blackbox.sh [TARGETS] [CONCURRENCY]
set -euo pipefail
cd "$(dirname "$0")/.."
N=${1:-1000}
C=${2:-64}
for p in nginx openssl prometheus-blackbox-exporter python3; do
  command -v "$p" >/dev/null || [[ -x /usr/sbin/$p ]] || { echo "missing $p (apt-get install $p)" >&2; exit 1; }
done
NGINX=$(command -v nginx || echo /usr/sbin/nginx)
# HEALTH_BENCH_BIN: measure this binary instead of building a release one
if [[ -n "${HEALTH_BENCH_BIN:-}" ]]; then
  VEREINT=$HEALTH_BENCH_BIN
else
  cargo build --release --locked -q
  VEREINT=$PWD/target/release/vereint
fi
W=$(mktemp -d /var/tmp/vereint-bench.XXXXXX)
pids=()
cleanup() { for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; rm -rf "$W"; }
trap cleanup EXIT
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }

# certificates: a CA and a leaf for localhost
(cd "$W" &&
  openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -keyout ca.key -out ca.pem -days 30 \
    -subj "/CN=bench CA" -addext basicConstraints=critical,CA:TRUE -addext keyUsage=critical,keyCertSign 2>/dev/null &&
  openssl req -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -keyout leaf.key -out leaf.csr -subj /CN=localhost 2>/dev/null &&
  printf 'subjectAltName=DNS:localhost\nextendedKeyUsage=serverAuth\n' > leaf.ext &&
  openssl x509 -req -in leaf.csr -CA ca.pem -CAkey ca.key -CAcreateserial -days 200 -extfile leaf.ext -out leaf.pem 2>/dev/null)

HTTP=$(free_port); HTTPS=$(free_port); BB=$(free_port)
cat > "$W/nginx.conf" <<NGINX
daemon off; worker_processes 1; pid $W/nginx.pid; error_log $W/error.log;
events { worker_connections 4096; }
http { access_log off; keepalive_timeout 0;
  client_body_temp_path $W/b; proxy_temp_path $W/p; fastcgi_temp_path $W/f; uwsgi_temp_path $W/u; scgi_temp_path $W/s;
  server { listen 127.0.0.1:$HTTP backlog=4096; location /t/ { return 200 'ok'; } }
  server { listen 127.0.0.1:$HTTPS ssl backlog=4096; ssl_certificate $W/leaf.pem; ssl_certificate_key $W/leaf.key;
           location /t/ { return 200 'ok'; } }
}
NGINX
"$NGINX" -p "$W" -c "$W/nginx.conf" & pids+=($!)
cat > "$W/blackbox.yml" <<YML
modules:
  http_2xx:
    prober: http
    timeout: 5s
  https_2xx:
    prober: http
    timeout: 5s
    http:
      tls_config:
        ca_file: $W/ca.pem
YML
prometheus-blackbox-exporter --config.file="$W/blackbox.yml" --web.listen-address="127.0.0.1:$BB" --log.level=error & BBPID=$!; pids+=($BBPID)
sleep 1

targets() { # scheme host port
  for i in $(seq -w 1 "$N"); do echo "$1://$2:$3/t/$i"; done
}
targets http 127.0.0.1 "$HTTP" > "$W/http.txt"
targets https localhost "$HTTPS" > "$W/https.txt"

# drives blackbox: C threads, each with one keep-alive connection to the exporter
cat > "$W/drive.py" <<'PY'
import http.client, sys, threading, time, urllib.parse
port, module, conc, path = int(sys.argv[1]), sys.argv[2], int(sys.argv[3]), sys.argv[4]
targets = [l.strip() for l in open(path) if l.strip()]
lock = threading.Lock(); ok = [0]; it = iter(targets)
def work():
    c = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    while True:
        with lock:
            t = next(it, None)
        if t is None: return
        c.request("GET", "/probe?module=%s&target=%s" % (module, urllib.parse.quote(t, safe="")))
        body = c.getresponse().read().decode()
        if "probe_success 1" in body:
            with lock: ok[0] += 1
start = time.monotonic()
ts = [threading.Thread(target=work) for _ in range(conc)]
[t.start() for t in ts]; [t.join() for t in ts]
print("%.4f %d" % (time.monotonic() - start, ok[0]))
PY

cpu_of() { awk '{print ($14+$15)/100}' "/proc/$1/stat"; }   # utime+stime in seconds (USER_HZ 100)
hwm_of() { awk '/VmHWM/ {print $2}' "/proc/$1/status"; }     # peak RSS in kB

# vereint: wall time, CPU seconds and peak RSS of the whole process
run_vereint() { # file extra-args...
  local file=$1; shift
  /usr/bin/env time -f '%e %U %S %M' -o "$W/time" "$VEREINT" --lang en health --format json --concurrency "$C" --timeout 5 "$@" \
    $(cat "$file") > "$W/out.json" || true
  read -r wall user sys rss < "$W/time"
  local ok; ok=$(grep -c '"status": "ok"' "$W/out.json" || true)
  echo "$wall $(echo "$user + $sys" | bc -l) $rss $ok"
}
run_blackbox() { # file module
  local c0 w; c0=$(cpu_of $BBPID)
  w=$(python3 "$W/drive.py" "$BB" "$2" "$C" "$1")
  echo "${w% *} $(echo "$(cpu_of $BBPID) - $c0" | bc -l) $(hwm_of $BBPID) ${w#* }"
}
command -v time >/dev/null || [[ -x /usr/bin/time ]] || { echo "missing /usr/bin/time (apt-get install time)" >&2; exit 1; }

printf '\n%-34s %10s %10s %14s %12s %6s\n' "scenario" "probes/s" "wall s" "CPU s/1000" "peak RSS MB" "ok"
row() { # name wall cpu rss_kb ok
  printf '%-34s %10.0f %10.2f %14.3f %12.1f %6s\n' "$1" "$(echo "$N / $2" | bc -l)" "$2" "$(echo "$3 * 1000 / $N" | bc -l)" "$(echo "$4 / 1024" | bc -l)" "$5"
}
ratio() { echo "$1 / $2" | bc -l; }

# warm-up (page cache, nginx workers)
run_vereint "$W/http.txt" >/dev/null; run_blackbox "$W/http.txt" http_2xx >/dev/null

read -r vw vc vr vo < <(run_vereint "$W/http.txt");              row "vereint http" "$vw" "$vc" "$vr" "$vo"
read -r bw bc br bo < <(run_blackbox "$W/http.txt" http_2xx);    row "blackbox http" "$bw" "$bc" "$br" "$bo"
read -r svw svc svr svo < <(run_vereint "$W/https.txt" --ca-file "$W/ca.pem");   row "vereint https + expiry" "$svw" "$svc" "$svr" "$svo"
read -r sbw sbc sbr sbo < <(run_blackbox "$W/https.txt" https_2xx);             row "blackbox https + expiry" "$sbw" "$sbc" "$sbr" "$sbo"

# the sweep: 10% of targets are a listener that never answers (the kernel accepts, nobody reads)
SILENT=$(free_port)
python3 -c "import socket,time; s=socket.socket(); s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1); s.bind(('127.0.0.1',$SILENT)); s.listen(4096); time.sleep(3600)" & pids+=($!)
for _ in $(seq 1 100); do (exec 3<>"/dev/tcp/127.0.0.1/$SILENT") 2>/dev/null && break; sleep 0.1; done
{ head -n $((N * 9 / 10)) "$W/http.txt"; for i in $(seq 1 $((N / 10))); do echo "http://127.0.0.1:$SILENT/s/$i"; done; } > "$W/sweep.txt"
TIMEOUT=2
start=$(date +%s.%N)
"$VEREINT" --lang en health --format json --concurrency "$N" --timeout $TIMEOUT $(cat "$W/sweep.txt") > "$W/sweep.json" || true
sweep=$(echo "$(date +%s.%N) - $start" | bc -l)
crit=$(grep -c '"status": "critical"' "$W/sweep.json" || true)

echo
printf 'http  probes/s ratio vereint/blackbox: %.2f (target >= 1.5)\n' "$(ratio "$bw" "$vw")"
printf 'http  CPU s per 1000 vereint/blackbox: %.2f (target <= 1.0)\n' "$(ratio "$vc" "$bc")"
printf 'http  peak RSS vereint/blackbox:       %.2f (target <= 1.0)\n' "$(ratio "$vr" "$br")"
printf 'https probes/s ratio vereint/blackbox: %.2f (target >= 1.0)\n' "$(ratio "$sbw" "$svw")"
printf 'sweep with %d silent of %d, timeout %ss, concurrency = targets: %.2f s, %d critical (target <= %.1f s)\n' \
  $((N / 10)) "$N" "$TIMEOUT" "$sweep" "$crit" "$(echo "$TIMEOUT + 0.5" | bc -l)"

if [[ "${SKIP_STUN:-}" != 1 ]] && command -v turnserver >/dev/null; then
  echo; echo "STUN binding (benches/stun.rs, target >= 10,000/s over UDP):"
  cargo bench --locked -q --bench stun 2>&1 | tail -n 5
fi
