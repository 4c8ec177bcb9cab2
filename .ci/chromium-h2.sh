#!/usr/bin/env bash
# Headless Chromium against a running Gatehouse: loads http://localhost:HTTP_PORT/h2.html on the plain
# port, follows the 308 to HTTPS, and prints what the page's script found in
# performance.getEntriesByType('navigation')[0].nextHopProtocol. Exit 0 only if that is "h2".
#
# usage: .ci/chromium-h2.sh HTTP_PORT ROOT_CA_PEM
# The page h2.html must be in the server's static.root (see write_page). Loopback only; bounded by
# `timeout`. Uses a fresh NSS database (trusting ROOT_CA_PEM only) and a fresh profile every run.
set -euo pipefail

if [[ ${1:-} == --write-page ]]; then
    # write_page DIR: the probe page.
    cat >"$2/h2.html" <<'HTML'
<!DOCTYPE html>
<html><head><meta charset="utf-8"><title>h2 probe</title></head>
<body><p id="result">pending</p>
<script>
  var nav = performance.getEntriesByType('navigation')[0];
  document.getElementById('result').textContent =
      'nextHopProtocol=' + (nav ? nav.nextHopProtocol : 'none') + ' url=' + location.href;
</script></body></html>
HTML
    exit 0
fi

HTTP_PORT=$1
CA=$2
BROWSER=$(command -v chromium || command -v chromium-browser || true)
[[ -n $BROWSER ]] || { echo "chromium is not installed (Debian package chromium)" >&2; exit 2; }
command -v certutil >/dev/null 2>&1 || { echo "certutil is not installed (Debian package libnss3-tools)" >&2; exit 2; }

WORK=$(mktemp -d "${TMPDIR:-/tmp}/gatehouse-chromium.XXXXXX")
trap 'rm -rf -- "$WORK"' EXIT
# Chromium on Linux reads the NSS database under $HOME/.pki/nssdb.
mkdir -p "$WORK/home/.pki/nssdb" "$WORK/profile"
certutil -d "sql:$WORK/home/.pki/nssdb" -N --empty-password
certutil -d "sql:$WORK/home/.pki/nssdb" -A -t "C,," -n gatehouse-test-ca -i "$CA"

OUT=$WORK/dom.html
rc=0
HOME=$WORK/home timeout 90 "$BROWSER" --headless --no-sandbox --disable-gpu --disable-quic --no-first-run \
    --disable-background-networking --disable-component-update --disable-sync \
    --disable-dev-shm-usage --no-proxy-server \
    --user-data-dir="$WORK/profile" --dump-dom "http://localhost:$HTTP_PORT/h2.html" >"$OUT" 2>"$WORK/stderr" || rc=$?
RESULT=$(grep -o 'nextHopProtocol=[^ <]* url=[^ <]*' "$OUT" || true)
echo "chromium: ${RESULT:-no result} (exit $rc)"
if [[ $RESULT == "nextHopProtocol=h2 url=https://localhost:"* ]]; then
    exit 0
fi
echo "---- chromium stderr (last lines) ----"
tail -n 20 "$WORK/stderr" || true
echo "---- dom ----"
head -c 2000 "$OUT" || true
exit 1
