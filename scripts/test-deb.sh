#!/usr/bin/env bash
# Checks the .deb built by `mvn package` without installing it system-wide:
# its file list and conffiles, then an extraction into a throwaway root where
# the extracted launcher must run (`version`), the packaged configuration must
# pass `check` (with a throwaway certificate), and the packaged units must pass
# systemd-analyze verify against the extracted launcher.
#
#   scripts/test-deb.sh [target/gatehouse.deb]
set -euo pipefail
HERE=$(cd -- "$(dirname -- "$(readlink -f -- "${BASH_SOURCE[0]}")")" && pwd -P)
DEB=${1:-$HERE/../target/gatehouse.deb}
[[ -f $DEB ]] || { echo "test-deb: $DEB not found (run mvn package)" >&2; exit 1; }
ROOT=$(mktemp -d "${TMPDIR:-/tmp}/gatehouse-deb.XXXXXX")
trap 'rm -rf -- "$ROOT"' EXIT
failed=0
ok() { printf 'PASS: deb: %s\n' "$*"; }
bad() { printf 'FAIL: deb: %s\n' "$*"; failed=1; }

contents=$(dpkg-deb --contents "$DEB")
for path in ./usr/share/gatehouse/gatehouse.jar ./usr/share/gatehouse/scripts/gatehouse \
    "./usr/bin/gatehouse -> ../share/gatehouse/scripts/gatehouse" "./usr/share/gatehouse/conf -> /etc/gatehouse" \
    ./etc/gatehouse/gatehouse.properties ./etc/gatehouse/logback.xml ./etc/gatehouse/certs/ \
    ./lib/systemd/system/gatehouse.service ./lib/systemd/system/gatehouse.socket \
    ./lib/systemd/system/gatehouse-http.socket ./var/log/gatehouse/ ./var/www/gatehouse/index.html; do
    if grep -qF -- " $path" <<<"$contents"; then ok "contains $path"; else bad "missing $path"; fi
done
grep -q -- '-rwxr-xr-x .* ./usr/share/gatehouse/scripts/gatehouse$' <<<"$contents" && ok "launcher is executable" \
    || bad "launcher is not mode 755"

conffiles=$(dpkg-deb --ctrl-tarfile "$DEB" | tar -xO ./conffiles)
if [[ $conffiles == *"/etc/gatehouse/gatehouse.properties"* && $conffiles == *"/etc/gatehouse/logback.xml"* ]]; then
    ok "conffiles: gatehouse.properties, logback.xml"
else
    bad "conffiles: got '$conffiles'"
fi
dpkg-deb --field "$DEB" Depends | grep -q 'jre-headless' && ok "depends on a JRE" || bad "no JRE dependency"

dpkg-deb -x "$DEB" "$ROOT"
if out=$("$ROOT/usr/bin/gatehouse" version 2>&1) && [[ $out == gatehouse\ * ]]; then
    ok "extracted launcher runs: $out"
else
    bad "extracted launcher 'version' failed: $out"
fi

# The packaged config with the postinst's kind of placeholder certificate.
openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -days 2 -subj /CN=localhost \
    -keyout "$ROOT/etc/gatehouse/certs/privkey.pem" -out "$ROOT/etc/gatehouse/certs/fullchain.pem" >/dev/null 2>&1
sed -i "s#^static.root=/var/www/gatehouse#static.root=$ROOT/var/www/gatehouse#" "$ROOT/etc/gatehouse/gatehouse.properties"
if out=$("$ROOT/usr/bin/gatehouse" check -c "$ROOT/etc/gatehouse/gatehouse.properties" 2>&1); then
    ok "packaged gatehouse.properties passes check"
else
    bad "packaged config fails check: $out"
fi

if command -v systemd-analyze >/dev/null 2>&1; then
    if out=$("$HERE/verify-units.sh" "$ROOT/usr/bin/gatehouse" "$ROOT/lib/systemd/system" 2>&1); then ok "$out"; else bad "units: $out"; fi
fi
exit $failed
