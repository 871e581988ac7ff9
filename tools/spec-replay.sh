#!/usr/bin/env bash
# Replays the vendor's spec history through MagicHour.SpecSync and rewrites docs/spec-sync-replay.md.
# The replay itself is the HistoryReplayTests of tests/MagicHour.SpecSync.Tests (about 12 s); those
# tests fail when the document no longer matches, so run this after changing the sync:
#
#   tools/spec-replay.sh
#
# Needs the vendor files in ../shared/upstream (magic-hour-openapi.json and history/).
set -euo pipefail
cd "$(dirname "$0")/.."
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
SPEC_SYNC_WRITE_REPLAY=1 dotnet test tests/MagicHour.SpecSync.Tests --filter "FullyQualifiedName~HistoryReplayTests" "$@"
echo "wrote docs/spec-sync-replay.md"
