#!/usr/bin/env bash
# A tested recipe: HAProxy in TCP mode in front of two Gatehouse instances on
# loopback, round robin, `send-proxy-v2`. The client connects from 127.0.0.2,
# HAProxy from 127.0.0.1 (the only trusted proxy), so the access logs must show
# 127.0.0.2: the address came through the PROXY header. Bounded: ~90 s at most.
#
#   scripts/haproxy-recipe.sh        (needs haproxy, curl, openssl; target/gatehouse.jar)
#
# docs/scaling.md explains the configuration used here.
set -euo pipefail
HERE=$(cd -- "$(dirname -- "$(readlink -f -- "${BASH_SOURCE[0]}")")" && pwd -P)
GH=$HERE/gatehouse
for tool in haproxy curl openssl; do
    command -v $tool >/dev/null 2>&1 || { echo "haproxy-recipe: $tool not found" >&2; exit 2; }
done
W=$(mktemp -d "${TMPDIR:-/tmp}/gatehouse-haproxy.XXXXXX")
PIDS=()
cleanup() {
    for p in "${PIDS[@]}"; do kill -TERM "$p" 2>/dev/null || true; done
    for p in "${PIDS[@]}"; do
        for _ in $(seq 50); do kill -0 "$p" 2>/dev/null || break; sleep 0.1; done
        kill -KILL "$p" 2>/dev/null || true
    done
    [[ ${KEEP:-} == 1 ]] && echo "kept $W" || rm -rf -- "$W"
}
trap cleanup EXIT
port() { # an unused high port
    local p
    for _ in $(seq 100); do
        p=$((20000 + RANDOM % 12000)) # below the kernel's ephemeral range (32768-60999 here), where any outgoing or port-0 socket may take it
        if ! (exec 3<>"/dev/tcp/127.0.0.1/$p") 2>/dev/null; then echo "$p"; return; fi
    done
    return 1
}
up() { # PORT: accepts within 60 s
    for _ in $(seq 120); do (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null && return 0; sleep 0.5; done
    return 1
}

openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -days 2 -subj /CN=localhost \
    -addext "subjectAltName=DNS:localhost,IP:127.0.0.1" -keyout "$W/key.pem" -out "$W/cert.pem" >/dev/null 2>&1
mkdir -p "$W/www"
echo "hello through haproxy" >"$W/www/index.html"
# One session-ticket key file shared by both instances, so a session made on one resumes on the other.
for _ in 1 2; do openssl rand -base64 48; done >"$W/tickets.keys"

BACKENDS=()
for i in 1 2; do
    p=$(port)
    mkdir -p "$W/gh$i"
    cat >"$W/gh$i/gatehouse.properties" <<CONF
listener.https.address=127.0.0.1
listener.https.port=$p
listener.http.mode=off
listener.https.proxy-protocol=true
listener.trusted-proxies=127.0.0.1
tls.certificate=$W/cert.pem
tls.certificate-private-key=$W/key.pem
static.root=$W/www
log.access-format=json
log.access-flush=0s
tls.session-ticket-keys=$W/tickets.keys
CONF
    cp "$HERE/../conf/logback.xml" "$W/gh$i/"
    GATEHOUSE_LOG_DIR=$W/gh$i/logs timeout 120 "$GH" run -c "$W/gh$i/gatehouse.properties" >"$W/gh$i/out.log" 2>&1 &
    PIDS+=($!)
    BACKENDS+=("$p")
done
FRONT=$(port)
STATS=$(port)
cat >"$W/haproxy.cfg" <<CFG
global
    maxconn 100
    # Read by this script (plain TCP, loopback only) to wait until both servers pass their checks.
    stats socket ipv4@127.0.0.1:$STATS level user
defaults
    mode tcp
    timeout connect 5s
    timeout client 30s
    timeout server 30s
frontend https_in
    bind 127.0.0.1:$FRONT
    default_backend gatehouse
backend gatehouse
    balance roundrobin
    source 127.0.0.1
    # check-send-proxy: health checks start with a PROXY header too (Gatehouse refuses
    # connections without one from a PROXY-protocol listener).
    server gh1 127.0.0.1:${BACKENDS[0]} send-proxy-v2 check check-send-proxy
    server gh2 127.0.0.1:${BACKENDS[1]} send-proxy-v2 check check-send-proxy
CFG
haproxy -c -q -f "$W/haproxy.cfg"
for p in "${BACKENDS[@]}"; do
    up "$p" || { echo "FAIL: gatehouse on $p did not come up"; tail -n 20 "$W"/gh*/out.log; exit 1; }
done
timeout 120 haproxy -db -f "$W/haproxy.cfg" >"$W/haproxy.log" 2>&1 &
PIDS+=($!)
up "$FRONT" || { echo "FAIL: haproxy did not come up"; cat "$W/haproxy.log"; exit 1; }
diagnostics() {
    echo "--- haproxy.log"; tail -n 20 "$W/haproxy.log"
    for i in 1 2; do echo "--- gh$i/out.log"; tail -n 20 "$W/gh$i/out.log"; done
}
servers_up() { # haproxy's own view: both servers' health checks passing
    local stat
    stat=$( (exec 3<>"/dev/tcp/127.0.0.1/$STATS" && echo "show stat" >&3 && timeout 2 cat <&3) 2>/dev/null) || return 1
    [[ $(grep -cE '^gatehouse,gh[12],.*,UP,' <<<"$stat") == 2 ]]
}
for _ in $(seq 40); do servers_up && break; sleep 0.5; done
servers_up || { echo "FAIL: haproxy does not see both instances up within 20 s"; diagnostics; exit 1; }
failed=0
for i in 1 2 3 4; do
    body=$(curl -sS --fail --noproxy '*' --max-time 20 --interface 127.0.0.2 --cacert "$W/cert.pem" \
        --resolve "localhost:$FRONT:127.0.0.1" "https://localhost:$FRONT/") || { echo "FAIL: request $i"; failed=1; }
    [[ $body == "hello through haproxy" ]] || { echo "FAIL: request $i body '$body'"; failed=1; }
done
# Direct connections bypassing the balancer are refused (no PROXY header / untrusted).
if curl -sS --noproxy '*' --max-time 10 --interface 127.0.0.2 -k "https://127.0.0.1:${BACKENDS[0]}/" >/dev/null 2>&1; then
    echo "FAIL: a direct connection to a backend was served"; failed=1
else
    echo "PASS: a direct connection to a backend is refused"
fi
sleep 1 # access lines are written asynchronously
for i in 1 2; do
    n=$(grep -c '"remote":"127.0.0.2"' "$W/gh$i/logs/access.log" 2>/dev/null || true)
    if (( n >= 1 )); then
        echo "PASS: instance $i served $n request(s), access log shows the client 127.0.0.2"
    else
        echo "FAIL: instance $i access log lacks the client address 127.0.0.2"
        cat "$W/gh$i/logs/access.log" 2>/dev/null | tail -n 5
        failed=1
    fi
done
# TLS resumption across the two instances: one full handshake saves the session, four more
# connections resume it; round robin spreads them over both instances.
req='GET /resume HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n'
printf "$req" | timeout 20 openssl s_client -connect "127.0.0.1:$FRONT" -servername localhost -tls1_3 \
    -sess_out "$W/session.pem" -ign_eof >"$W/s0.txt" 2>&1 || true
reused=0
for k in 1 2 3 4; do
    printf "$req" | timeout 20 openssl s_client -connect "127.0.0.1:$FRONT" -servername localhost -tls1_3 \
        -sess_in "$W/session.pem" -ign_eof >"$W/s$k.txt" 2>&1 || true
    grep -q "^Reused, TLSv1.3" "$W/s$k.txt" && reused=$((reused + 1))
done
on1=$(grep -c '"target":"/resume"' "$W/gh1/logs/access.log" 2>/dev/null || true)
on2=$(grep -c '"target":"/resume"' "$W/gh2/logs/access.log" 2>/dev/null || true)
if (( reused == 4 && on1 >= 1 && on2 >= 1 )); then
    echo "PASS: TLS sessions resume across the instances (4 of 4 resumed; requests on instance 1: $on1, instance 2: $on2)"
else
    echo "FAIL: resumption across instances: $reused of 4 resumed; requests on instance 1: $on1, instance 2: $on2"
    failed=1
fi
(( failed == 0 )) || diagnostics
(( failed == 0 )) && echo "haproxy-recipe: OK" || echo "haproxy-recipe: FAILED"
exit $failed
