#!/usr/bin/env bash
# Installs the independent Mattermost peer (npm @mattermost/client, pinned) for tests/integrations/mattermost_peer.rs.
# Idempotent: does nothing when the pinned version is already there.
set -euo pipefail
DEST="${MM_PEER_DIR:-/var/tmp/vereint-test/peers/mm-node}"
VERSION="11.9.0"
if [[ -f "$DEST/node_modules/@mattermost/client/package.json" ]] &&
  grep -q "\"version\": \"$VERSION\"" "$DEST/node_modules/@mattermost/client/package.json"; then
  exit 0
fi
command -v npm >/dev/null || { echo "npm is missing: apt-get install -y nodejs npm" >&2; exit 1; }
mkdir -p "$DEST"
cd "$DEST"
[[ -f package.json ]] || echo '{"name":"vereint-mm-peer","private":true}' >package.json
npm install --no-audit --no-fund --silent "@mattermost/client@$VERSION" "@mattermost/types@$VERSION" "typescript@5.6.3"
echo "installed @mattermost/client $VERSION into $DEST"
