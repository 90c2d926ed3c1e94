#!/usr/bin/env bash
# The test hosts' Ansible: the kit's own setup script (one source of truth with `vereint provision
# setup-ansible`), plus ansible-lint, into $TESTHOST_WORK (default /var/tmp/vereint-test).
set -euo pipefail
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
exec bash "$HERE/../../ansible/setup-ansible.sh" --lint "${TESTHOST_WORK:-/var/tmp/vereint-test}"
