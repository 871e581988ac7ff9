#!/usr/bin/env bash
# Soak test: thousands of headshot workflows through the in-process emulator with random injected faults.
# Not part of CI. Prints (and with --report FILE writes) a markdown summary: double creates, projects neither
# downloaded nor surfaced with their id, temp files left (all must be 0), retries made, wall time, and the
# outcome of every fault kind. Exit code 0 only when every invariant held. Results: docs/reliability.md.
#
#   tools/soak.sh                                  # 10,000 workflows, 50 at once, 5 % faults, 100 ms renders
#   tools/soak.sh --count 1000 --max-minutes 5     # a shorter run
#   tools/soak.sh --synthetic-output-bytes 65536   # skip PNG rendering in the emulator (faster on small machines)
#   tools/soak.sh --help
set -euo pipefail
cd "$(dirname "$0")/.."
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1
dotnet build tools/MagicHour.Soak -c Release -nologo -v q
exec dotnet tools/MagicHour.Soak/bin/Release/net10.0/MagicHour.Soak.dll "$@"
