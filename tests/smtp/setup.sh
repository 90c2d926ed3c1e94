#!/usr/bin/env bash
# Installs the real SMTP server the mail tests deliver to: PyPI aiosmtpd, pinned, in a venv.
# Idempotent: does nothing when present. The tests start it with tests/smtp/server.py.
set -euo pipefail
venv=${SMTP_TEST_VENV:-/var/tmp/vereint-test/smtp-venv}
stamp="$venv/.vereint-pins"
pins="aiosmtpd==1.4.6"
if [[ -f "$stamp" && "$(cat "$stamp")" == "$pins" ]]; then
  exit 0
fi
mkdir -p "$(dirname "$venv")"
python3 -m venv "$venv"
# shellcheck disable=SC2086
"$venv/bin/pip" install --quiet --disable-pip-version-check $pins
echo "$pins" > "$stamp"
echo "aiosmtpd installed in $venv"
