#!/usr/bin/env bash
# Checks the shipped systemd units with `systemd-analyze verify`: syntax, known
# keys, the socket -> service link and that ExecStart's binary is executable.
#
#   scripts/verify-units.sh [LAUNCHER [UNIT_DIR]]
#
# LAUNCHER (default: scripts/gatehouse) replaces /usr/bin/gatehouse in a
# temporary copy of the units, so this runs before anything is installed (CI
# passes the launcher and the units extracted from the .deb; UNIT_DIR defaults
# to this folder). Any diagnostic is a failure.
set -euo pipefail
HERE=$(cd -- "$(dirname -- "$(readlink -f -- "${BASH_SOURCE[0]}")")" && pwd -P)
LAUNCHER=$(readlink -f -- "${1:-$HERE/gatehouse}")
UNIT_DIR=${2:-$HERE}
command -v systemd-analyze >/dev/null 2>&1 || { echo "verify-units: systemd-analyze not found" >&2; exit 2; }
TMP=$(mktemp -d "${TMPDIR:-/tmp}/gatehouse-units.XXXXXX")
trap 'rm -rf -- "$TMP"' EXIT
UNITS=(gatehouse.service gatehouse.socket gatehouse-http.socket)
for u in "${UNITS[@]}"; do
    sed "s#/usr/bin/gatehouse#$LAUNCHER#g" "$UNIT_DIR/$u" >"$TMP/$u"
done
out=$(cd "$TMP" && SYSTEMD_LOG_LEVEL=notice systemd-analyze verify "${UNITS[@]/#/./}" 2>&1) && rc=0 || rc=$?
if (( rc != 0 )) || [[ -n $out ]]; then
    printf '%s\n' "$out" >&2
    echo "verify-units: FAILED (exit $rc)" >&2
    exit 1
fi
echo "verify-units: ${UNITS[*]} OK"
