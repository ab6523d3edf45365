#!/usr/bin/env bash
# Builds Kith's Debian package with cargo-deb and checks it as a user's machine would:
# the desktop entry and AppStream metadata validate, the package installs with dpkg, and the
# installed binary runs. Run from anywhere; needs root for the install step.
set -euo pipefail
cd "$(dirname "$0")/.."

if ! command -v desktop-file-validate >/dev/null || ! command -v appstreamcli >/dev/null; then
  apt-get update -qq
  apt-get install -y -qq desktop-file-utils appstream shared-mime-info >/dev/null
fi
if ! cargo deb --version >/dev/null 2>&1; then
  cargo install cargo-deb --locked --quiet
fi

generated=packaging/linux/generated
mkdir -p "$generated"
python3 packaging/linux/metainfo.py > "$generated/org.kith.Kith.metainfo.xml"

echo "== desktop-file-validate"
desktop-file-validate packaging/linux/org.kith.Kith.desktop
echo "== appstreamcli validate"
appstreamcli validate --no-net --pedantic --explain "$generated/org.kith.Kith.metainfo.xml"
echo "== shared-mime-info"
xmllint --noout packaging/linux/org.kith.Kith.xml 2>/dev/null || python3 -c \
  "import xml.dom.minidom,sys; xml.dom.minidom.parse('packaging/linux/org.kith.Kith.xml')"

echo "== cargo deb"
deb=$(cargo deb --locked --output "$generated/" | tail -n 1)
echo "built $deb"

echo "== install and run"
# dpkg does not fetch dependencies; apt completes an install that lacks them.
if ! dpkg -i "$deb" >/dev/null 2>&1; then
  apt-get update -qq
  apt-get install -f -y -qq >/dev/null
fi
dpkg -s kith | grep -q "Status: install ok installed"
version=$(sed -n 's/^version = "\(.*\)"/\1/p' Cargo.toml | head -n 1)
got=$(/usr/bin/kith --version)
if [ "$got" != "kith $version" ]; then
  echo "installed kith says \"$got\", expected \"kith $version\"" >&2
  exit 1
fi
for f in /usr/share/applications/org.kith.Kith.desktop \
         /usr/share/metainfo/org.kith.Kith.metainfo.xml \
         /usr/share/mime/packages/org.kith.Kith.xml \
         /usr/share/icons/hicolor/256x256/apps/org.kith.Kith.png; do
  [ -f "$f" ] || { echo "missing after install: $f" >&2; exit 1; }
done
echo "ok: $got installed from $deb"
