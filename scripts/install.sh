#!/usr/bin/env bash
# Installs Gatehouse from a checkout or an unpacked tarball on systems without
# dpkg (the .deb does the same on Debian/Ubuntu). Run as root.
#
#   scripts/install.sh [--prefix /opt/gatehouse] [--no-user] [--no-systemd]
#
# Layout (same as the .deb, under PREFIX instead of /usr/share/gatehouse):
#   PREFIX/gatehouse.jar, PREFIX/scripts/gatehouse, PREFIX/conf -> /etc/gatehouse
#   /usr/local/bin/gatehouse -> PREFIX/scripts/gatehouse
#   /etc/gatehouse/{gatehouse.properties,logback.xml,certs/}  (never overwritten)
#   /var/www/gatehouse (the sample site, only if absent), /var/log/gatehouse
#   /etc/systemd/system/gatehouse.{service,socket}, gatehouse-http.socket
#   a "gatehouse" system user (useradd), owner of /var/log/gatehouse
# DESTDIR=/some/root installs below that root instead (packaging, tests);
# it implies --no-user and skips systemctl.
set -euo pipefail
HERE=$(cd -- "$(dirname -- "$(readlink -f -- "${BASH_SOURCE[0]}")")" && pwd -P)
SRC=$(dirname -- "$HERE")
PREFIX=/opt/gatehouse
MAKE_USER=1
SYSTEMD=1
while (( $# )); do
    case $1 in
        --prefix) PREFIX=$2; shift 2 ;;
        --no-user) MAKE_USER=0; shift ;;
        --no-systemd) SYSTEMD=0; shift ;;
        -h|--help) sed -n '2,17p' "$0"; exit 0 ;;
        *) echo "install.sh: unknown option $1 (see --help)" >&2; exit 2 ;;
    esac
done
D=${DESTDIR:-}
[[ -n $D ]] && MAKE_USER=0
if [[ -z $D && $EUID -ne 0 ]]; then echo "install.sh: run as root (or set DESTDIR)" >&2; exit 1; fi

JAR=$SRC/target/gatehouse.jar
[[ -f $JAR ]] || JAR=$SRC/gatehouse.jar
[[ -f $JAR ]] || { echo "install.sh: no gatehouse.jar (run mvn package first)" >&2; exit 1; }
SITE=$SRC/src/main/resources/sample-site
[[ -d $SITE ]] || SITE=$SRC/sample-site

install -d "$D$PREFIX/scripts" "$D/usr/local/bin" "$D/etc/gatehouse/certs" "$D/var/log/gatehouse"
install -m 0644 "$JAR" "$D$PREFIX/gatehouse.jar"
install -m 0755 "$HERE/gatehouse" "$D$PREFIX/scripts/gatehouse"
ln -sfn /etc/gatehouse "$D$PREFIX/conf"
ln -sfn "$PREFIX/scripts/gatehouse" "$D/usr/local/bin/gatehouse"
if [[ ! -e $D/etc/gatehouse/gatehouse.properties ]]; then
    sed 's#\.\./certs/#certs/#g' "$SRC/conf/gatehouse.properties" >"$D/etc/gatehouse/gatehouse.properties"
    chmod 0644 "$D/etc/gatehouse/gatehouse.properties"
else
    echo "install.sh: keeping the existing /etc/gatehouse/gatehouse.properties"
fi
[[ -e $D/etc/gatehouse/logback.xml ]] || install -m 0644 "$SRC/conf/logback.xml" "$D/etc/gatehouse/logback.xml"
if [[ ! -e $D/var/www/gatehouse && -d $SITE ]]; then
    install -d "$D/var/www/gatehouse"
    cp -R "$SITE/." "$D/var/www/gatehouse/"
fi
if (( SYSTEMD )); then
    install -d "$D/etc/systemd/system"
    for u in gatehouse.service gatehouse.socket gatehouse-http.socket; do
        # The units name /usr/bin/gatehouse; point them at this install's launcher.
        sed "s#/usr/bin/gatehouse#/usr/local/bin/gatehouse#g" "$HERE/$u" >"$D/etc/systemd/system/$u"
        chmod 0644 "$D/etc/systemd/system/$u"
    done
fi
if (( MAKE_USER )); then
    if ! getent passwd gatehouse >/dev/null; then
        useradd --system --user-group --home-dir /var/lib/gatehouse --no-create-home \
            --shell /usr/sbin/nologin --comment "Gatehouse web server" gatehouse
    fi
    chown gatehouse:gatehouse "$D/var/log/gatehouse"
    chmod 0750 "$D/var/log/gatehouse"
fi
if (( SYSTEMD )) && [[ -z $D && -d /run/systemd/system ]]; then
    systemctl daemon-reload
fi
cat <<MSG
Gatehouse installed in $D$PREFIX.
Next: put the certificate in /etc/gatehouse/certs (fullchain.pem, privkey.pem readable by the
gatehouse user), check with  gatehouse check -c /etc/gatehouse/gatehouse.properties
and start with  systemctl enable --now gatehouse   (see docs/operations.md).
MSG
