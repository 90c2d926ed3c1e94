#!/usr/bin/env bash
# Installs the independent BigBlueButton API clients the peer tests drive against `vereint sim bbb`:
# PyPI bbbctl and bigbluebutton-api-python, pinned, in a venv. Idempotent: does nothing when present.
set -euo pipefail
venv=${BBB_PEER_VENV:-/var/tmp/vereint-test/peers/bbb-venv}
stamp="$venv/.vereint-pins"
pins="bbbctl==0.5.1 bigbluebutton-api-python==0.0.11"
if [[ -f "$stamp" && "$(cat "$stamp")" == "$pins" ]]; then
  exit 0
fi
mkdir -p "$(dirname "$venv")"
python3 -m venv "$venv"
# shellcheck disable=SC2086
"$venv/bin/pip" install --quiet --disable-pip-version-check $pins
echo "$pins" > "$stamp"
echo "bbb peers installed in $venv"
