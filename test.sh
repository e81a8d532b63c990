#!/usr/bin/env bash
# The test command: every test project of the solution, Release build.
# Extra arguments are passed to `dotnet test` (e.g. --filter, --logger).
set -euo pipefail
cd "$(dirname "$0")"
exec dotnet test EndoDepth.sln -c Release "$@"
