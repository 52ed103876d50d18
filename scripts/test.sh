#!/usr/bin/env bash
# The whole test suite: installs the S3 clients the end-to-end tests need, builds once, runs every test project.
# PostgreSQL: tests/GarageOrleans.Cluster.ProcessTests starts a private instance of its own through
# scripts/postgres.sh, which installs Debian's postgresql when it is missing (root or sudo) and stops it at the end.
# Usage: scripts/test.sh [extra dotnet test arguments]
set -euo pipefail
cd "$(dirname "$0")/.."

scripts/install-test-tools.sh
dotnet build GarageOrleans.sln -c Release -nologo -clp:NoSummary
# The Release server and CLI are fresh: scripts/dev-cluster.sh (run by a process test) need not build them again.
touch src/GarageOrleans.Server/bin/Release/.dev-cluster-build

results="$(mktemp -d)"
status=0
dotnet test GarageOrleans.sln -c Release --no-build -nologo \
  --logger "trx" --results-directory "$results" "$@" || status=$?

# One closing line for CI: count the outcomes recorded in the TRX files.
passed=$(cat "$results"/*.trx 2>/dev/null | grep -o 'outcome="Passed"' | wc -l || true)
failed=$(cat "$results"/*.trx 2>/dev/null | grep -o 'outcome="Failed"' | wc -l || true)
skipped=$(cat "$results"/*.trx 2>/dev/null | grep -o 'outcome="NotExecuted"' | wc -l || true)
rm -rf "$results"
echo "Tests: ${passed} passed, ${failed} failed, ${skipped} skipped"
if [ "$status" -eq 0 ] && [ "$passed" -eq 0 ]; then
  echo "no test ran" >&2
  exit 1
fi
exit "$status"
