#!/usr/bin/env sh
# Assembles one service's runtime tree: the workspace packages it runs (the service, kit, proto
# with its generated code) at their workspace paths, with production dependencies only, installed
# by pnpm from the lockfile. Workspace packages stay outside node_modules on purpose: Node strips
# TypeScript types only for files outside node_modules, and our packages ship .ts sources (a
# `pnpm deploy` tree copies them into node_modules, where Node refuses to run them).
# Run from the repository root after `pnpm install` and `pnpm generate`. The Dockerfile runs it in
# its build stage, and tools/kube/test/image-entrypoint.int.test.ts runs this same script, so the
# layout the test starts a service from is the layout the image ships.
#   deploy/image/assemble.sh <service> <output dir>
set -eu
service="$1"
out="$2"
case "$service" in
  ingress | conversation | catalog | analytics) ;;
  *) echo "assemble: unknown service '$service'" >&2; exit 2 ;;
esac
# The workspace packages a service needs at run time; checked against its package.json below.
packages="services/$service services/kit proto"
for dep in $(node -e '
  const deps = require(`./services/${process.argv[1]}/package.json`).dependencies ?? {};
  for (const [name, spec] of Object.entries(deps)) if (spec.startsWith("workspace:")) console.log(name);
' "$service"); do
  case "$dep" in
    @switchboard/kit | @switchboard/proto) ;;
    *) echo "assemble: $service depends on $dep at run time; add its folder to 'packages'" >&2; exit 2 ;;
  esac
done
rm -rf "$out"
mkdir -p "$out"
cp package.json pnpm-lock.yaml pnpm-workspace.yaml "$out/"
for dir in $packages; do
  mkdir -p "$out/$dir"
  # Production files only: no tests, benches, test helpers or installed modules.
  tar -C "$dir" --exclude=./node_modules --exclude=./test --exclude=./bench --exclude=./testing \
    --exclude='*.test.ts' --exclude=./.turbo -cf - . | tar -C "$out/$dir" -xf -
done
(cd "$out" && pnpm install --prod --frozen-lockfile --prefer-offline --reporter=silent \
  --filter "@switchboard/$service...")
rm -f "$out/pnpm-lock.yaml"
