#!/usr/bin/env bash
# Runs real third-party Cloud API client libraries, unchanged, against a freshly started platform
# (free ports, its own namespace on the Kafka and MongoDB it is given, never the dev stack's
# lifecycle) and prints what works. The libraries are installed outside the repo, into
# $CLIENT_COMPAT_DIR (npm for the JavaScript ones, a Python venv for the PyPI ones), because they
# are not dependencies of Switchboard and must never enter pnpm-lock.yaml. Needs the package
# registries the first time only.
#
#   tools/client-compat/run.sh            # all libraries
#   CLIENT_COMPAT_ONLY=pywa tools/client-compat/run.sh
#
# Kafka and MongoDB: KAFKA_BROKERS / MONGODB_URI, else the dev stack's ports (start it first with
# `./run devstack up` if nothing is running). Exit status: 0 when every step passed (known gaps,
# printed as "gap", do not count).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/../.."
. tools/toolchain/ensure.sh

dir="${CLIENT_COMPAT_DIR:-/tmp/client-compat}"
npm_clients=(whatsapp-api-js@6.3.0 @great-detail/whatsapp@9.2.0 whatsapp-business@1.7.2 whatsapp-cloud-api@0.3.1)
pypi_clients=(pywa==4.5.0 heyoo==0.1.2)

mkdir -p "$dir"
if [ ! -f "$dir/package.json" ]; then echo '{"private":true}' >"$dir/package.json"; fi
(cd "$dir" && npm install --silent --no-audit --no-fund "${npm_clients[@]}")
if [ ! -x "$dir/venv/bin/python" ]; then python3 -m venv "$dir/venv"; fi
"$dir/venv/bin/pip" install --quiet "${pypi_clients[@]}"

target="$dir/target.json"
rm -f "$target"
node tools/client-compat/start-platform.ts "$target" >"$dir/platform.log" 2>&1 &
platform=$!
trap 'kill -TERM "$platform" 2>/dev/null || true; wait "$platform" 2>/dev/null || true' EXIT
for _ in $(seq 1 180); do
  [ -f "$target" ] && break
  kill -0 "$platform" 2>/dev/null || { cat "$dir/platform.log" >&2; exit 1; }
  sleep 1
done
[ -f "$target" ] || { echo "platform did not start in 180 s" >&2; cat "$dir/platform.log" >&2; exit 1; }

status=0
CLIENT_COMPAT_DIR="$dir" node tools/client-compat/npm-clients.ts "$target" || status=1
"$dir/venv/bin/python" tools/client-compat/python_clients.py "$target" || status=1
exit "$status"
