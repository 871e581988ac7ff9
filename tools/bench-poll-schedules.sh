#!/usr/bin/env bash
# The per-tool poll schedule benchmark: writes the "Per-tool poll schedules" section of docs/benchmarks.md
# (between its markers; the rest of the file is left as it is). About 30 s, deterministic for a given seed:
#
#   tools/bench-poll-schedules.sh                          # 50 renders per tool, sigma 0.5, seed 1
#   tools/bench-poll-schedules.sh --renders 200 --seed 7   # more renders, other draws
set -euo pipefail
cd "$(dirname "$0")/.."
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1
dotnet build tools/MagicHour.Benchmarks -c Release -nologo -v q
dotnet tools/MagicHour.Benchmarks/bin/Release/net10.0/MagicHour.Benchmarks.dll poll-schedules --out docs/benchmarks.md "$@" >/dev/null
echo "Wrote the per-tool poll schedule section of docs/benchmarks.md"
