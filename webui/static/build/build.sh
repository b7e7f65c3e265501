#!/bin/sh
# Rebuilds webui/static/chorus.css from nhsuk-frontend (npm, MIT) and the
# Chorus rules in _local.scss. Needs node/npm; the output is committed, so a
# normal Go build never runs this.
#   sh webui/static/build/build.sh
set -eu
here=$(cd "$(dirname "$0")" && pwd)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
version=10.6.1
(cd "$tmp" && npm init -y >/dev/null && npm install --no-audit --no-fund "nhsuk-frontend@$version" sass >/dev/null)
"$tmp/node_modules/.bin/sass" --no-source-map --style=compressed --quiet-deps \
  --load-path="$tmp/node_modules/nhsuk-frontend/dist" \
  "$here/chorus.scss" "$here/../chorus.css"
echo "built $here/../chorus.css ($(wc -c <"$here/../chorus.css") bytes)"
