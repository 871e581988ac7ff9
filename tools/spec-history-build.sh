#!/usr/bin/env bash
# Builds the SDK and the emulator from our spec synced to each vendor version on either side of a change in
# the number of operations (issue 12: "build after the transitions that add or remove an operation").
# Works in a scratch clone of this repository (nothing here is modified); prints one line per version:
#   <version> operations=<n> sync=<exit> sdk-build=<ok|FAILED> clients=<n> emulator-build=<ok|FAILED> creates=<n>
# Usage: tools/spec-history-build.sh [vNN ...]   (default: every version whose operation count differs from the next)
set -uo pipefail
repo="$(cd "$(dirname "$0")/.." && pwd)"
history="$repo/../shared/upstream/history"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
git clone -q "$repo" "$work/repo"
cd "$work/repo"
dotnet build tools/MagicHour.SpecSync -c Release -nologo -v q >/dev/null || { echo "SpecSync does not build"; exit 1; }
count_ops() { python3 -c "import json,sys; d=json.load(open(sys.argv[1])); print(sum(1 for v in d['paths'].values() for m in v if m in ('get','post','delete','put','patch')))" "$1"; }
versions=("$@")
if [ ${#versions[@]} -eq 0 ]; then
  files=("$history"/v*.json); prev=""; prevf=""
  for f in "${files[@]}"; do n=$(count_ops "$f"); if [ -n "$prev" ] && [ "$n" != "$prev" ]; then versions+=("$(basename "$prevf" | cut -d- -f1)" "$(basename "$f" | cut -d- -f1)"); fi; prev=$n; prevf=$f; done
  mapfile -t versions < <(printf '%s\n' "${versions[@]}" | sort -u -r)
fi
failed=0
for v in "${versions[@]}"; do
  file=$(ls "$history/$v"-*.json)
  dotnet tools/MagicHour.SpecSync/bin/Release/net10.0/MagicHour.SpecSync.dll --upstream "$file" --spec openapi/magic-hour.v1.yaml --split-shared >"$work/sync.log" 2>&1; sync=$?
  if dotnet build src/MagicHour.Generated -c Release -f net10.0 -nologo -v q >"$work/sdk.log" 2>&1; then sdk=ok; else sdk=FAILED; failed=1; grep -m3 " error " "$work/sdk.log"; fi
  clients=$(grep -c "^    public partial class [A-Za-z]*Client : MagicHourResourceClient" src/MagicHour.Generated/Generated/Clients.g.cs)
  if dotnet build tools/MagicHour.Emulator -c Release -nologo -v q >"$work/emu.log" 2>&1; then emu=ok; else emu=FAILED; failed=1; grep -m3 " error " "$work/emu.log"; fi
  creates=$(grep -c "x-magichour-project-kind" openapi/magic-hour.v1.yaml)
  echo "$v operations=$(count_ops "$file") sync=$sync sdk-build=$sdk clients=$clients emulator-build=$emu project-kind-marks=$creates"
  [ "$sync" = 0 ] || failed=1
done
exit $failed
