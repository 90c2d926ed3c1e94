#!/usr/bin/env bash
# The S3-compatible server the off-site backup test writes to: PyPI moto[server] (moto_server), pinned,
# in a venv of its own in $TESTHOST_WORK (default /var/tmp/vereint-test). Idempotent: does nothing when present.
set -euo pipefail
venv="${TESTHOST_WORK:-/var/tmp/vereint-test}/s3-venv"
stamp="$venv/.vereint-pins"
pins="moto[server]==5.2.5"
if [[ -f "$stamp" && "$(cat "$stamp")" == "$pins" && -x "$venv/bin/moto_server" ]]; then
  exit 0
fi
mkdir -p "$(dirname "$venv")"
rm -rf "$venv"
python3 -m venv "$venv"
# shellcheck disable=SC2086
"$venv/bin/pip" install --quiet --disable-pip-version-check $pins
echo "$pins" >"$stamp"
echo "moto_server installed in $venv"
