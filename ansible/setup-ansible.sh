#!/usr/bin/env bash
# Creates (once, cached) a venv with a pinned ansible-core (plus ansible-lint with --lint) and the
# collections the roles need, taken from the PyPI `ansible` wheel (Ansible Galaxy may be unreachable).
# Usage: bash setup-ansible.sh [--lint] DIR   -> DIR/venv, DIR/collections
# Run by `vereint provision setup-ansible` (embedded copy) and by tests/testhost/setup-ansible.sh.
set -euo pipefail

LINT=0
if [[ "${1:-}" == --lint ]]; then LINT=1; shift; fi
WORK="${1:?usage: setup-ansible.sh [--lint] DIR}"

ANSIBLE_CORE_VERSION="2.19.14"
ANSIBLE_LINT_VERSION="26.10.1"
ANSIBLE_BUNDLE_VERSION="12.3.0"   # the `ansible` community package matching ansible-core 2.19
COLLECTIONS=(community/general community/postgresql ansible/posix community/crypto)

VENV="$WORK/venv"
COLL="$WORK/collections"
if ((LINT)); then
  STAMP="$WORK/.ansible-setup-${ANSIBLE_CORE_VERSION}-${ANSIBLE_LINT_VERSION}-${ANSIBLE_BUNDLE_VERSION}"
  PACKAGES=("ansible-core==${ANSIBLE_CORE_VERSION}" "ansible-lint==${ANSIBLE_LINT_VERSION}")
  TOOLS=(ansible-playbook ansible-lint)
else
  STAMP="$WORK/.ansible-setup-${ANSIBLE_CORE_VERSION}-${ANSIBLE_BUNDLE_VERSION}"
  PACKAGES=("ansible-core==${ANSIBLE_CORE_VERSION}")
  TOOLS=(ansible-playbook)
fi
# a venv with lint serves a run without it as well
LINT_STAMP="$WORK/.ansible-setup-${ANSIBLE_CORE_VERSION}-${ANSIBLE_LINT_VERSION}-${ANSIBLE_BUNDLE_VERSION}"

mkdir -p "$WORK"
cached() { local t; for t in "${TOOLS[@]}"; do [[ -x "$VENV/bin/$t" ]] || return 1; done; }
if { [[ -f "$STAMP" ]] || [[ -f "$LINT_STAMP" ]]; } && cached; then
  echo "setup-ansible: cached ($VENV)"
  exit 0
fi

PY="${PYTHON:-python3}"
"$PY" -c 'import sys; assert sys.version_info >= (3, 11), sys.version' \
  || { echo "setup-ansible: python >= 3.11 needed" >&2; exit 1; }

echo "setup-ansible: creating venv in $VENV"
rm -rf "$VENV"
"$PY" -m venv "$VENV"
"$VENV/bin/pip" install -q --upgrade pip
"$VENV/bin/pip" install -q "${PACKAGES[@]}"
"$VENV/bin/ansible-playbook" --version | sed -n 1p  # sed reads to the end; head could break the pipe

echo "setup-ansible: extracting collections from ansible==${ANSIBLE_BUNDLE_VERSION}"
DL="$WORK/dl"
mkdir -p "$DL"
whl=$(ls "$DL"/ansible-"${ANSIBLE_BUNDLE_VERSION}"-*.whl 2>/dev/null | head -1 || true)
if [[ -z "$whl" ]]; then
  "$VENV/bin/pip" download -q --no-deps --only-binary=:all: -d "$DL" "ansible==${ANSIBLE_BUNDLE_VERSION}"
  whl=$(ls "$DL"/ansible-"${ANSIBLE_BUNDLE_VERSION}"-*.whl | head -1)
fi
rm -rf "$COLL.tmp"
mkdir -p "$COLL.tmp"
patterns=()
for c in "${COLLECTIONS[@]}"; do patterns+=("ansible_collections/$c/*"); done
"$VENV/bin/python" - "$whl" "$COLL.tmp" "${patterns[@]}" <<'PY'
import fnmatch, sys, zipfile
whl, dest, pats = sys.argv[1], sys.argv[2], sys.argv[3:]
n = 0
with zipfile.ZipFile(whl) as z:
    for name in z.namelist():
        if any(fnmatch.fnmatch(name, p) for p in pats):
            z.extract(name, dest)
            n += 1
print(f"setup-ansible: extracted {n} files")
if n == 0:
    sys.exit("no collection files found in wheel")
PY
rm -rf "$COLL"
mv "$COLL.tmp" "$COLL"
touch "$STAMP"
echo "setup-ansible: done"
