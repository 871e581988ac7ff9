#!/usr/bin/env bash
# Runs every benchmark of tools/MagicHour.Benchmarks and writes docs/benchmarks.md.
# Not part of CI (about 10 minutes, 1 GiB files); run it on a quiet machine:
#
#   tools/bench.sh                         # everything
#   tools/bench.sh --only percall,poll     # some sections (names: percall upload download download-many concurrent poll startup peer)
#   tools/bench.sh --repeat 5              # more runs of the whole-workflow scenarios
#   tools/bench-poll-schedules.sh          # only the per-tool poll schedule section (30 s, fake clock)
#
# It installs what it needs when missing: GNU time (per-process peak RSS), clang/zlib (NativeAOT),
# and the vendor's Node SDK (npm magic-hour) into a temp folder that is deleted afterwards.
set -euo pipefail
cd "$(dirname "$0")/.."
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1
command_line="tools/bench.sh${*:+ $*}"
work="${MH_BENCH_WORK:-$(mktemp -d -t magichour-bench.XXXXXX)}"
mkdir -p "$work"
node_dir="$(mktemp -d -t magichour-node-sdk.XXXXXX)"
trap 'rm -rf "$node_dir" "$work"/*.mp4 "$work"/*.png "$work"/emulator-*' EXIT

apt_updated=0
need_apt() { # need_apt COMMAND PACKAGE...
  if ! command -v "$1" >/dev/null 2>&1 && command -v apt-get >/dev/null 2>&1; then
    shift
    if [ "$apt_updated" = 0 ]; then apt-get update -qq || true; apt_updated=1; fi
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$@" >/dev/null || echo "warning: could not install $*"
  fi
}
need_apt /usr/bin/time time
need_apt clang clang
if ! ldconfig -p 2>/dev/null | grep -q 'libz\.so '; then need_apt __force_zlib__ zlib1g-dev; fi

echo "== build (Release)"
dotnet build tools/MagicHour.Benchmarks -c Release -nologo -v q
dotnet build tools/MagicHour.Emulator -c Release -nologo -v q
dotnet build src/MagicHour.Cli -c Release -nologo -v q
cli_jit="src/MagicHour.Cli/bin/Release/net10.0/magichour"

echo "== NativeAOT publish of the CLI"
aot_dir="$work/cli-aot"
aot_args=()
aot_note=""
if dotnet publish src/MagicHour.Cli -c Release -r linux-x64 -p:PublishAot=true -o "$aot_dir" -nologo > "$work/aot-publish.log" 2>&1; then
  count=$(grep -cE "warning IL[0-9]+" "$work/aot-publish.log" || true)
  echo "AOT publish succeeded with $count trim/AOT warning line(s) (see the appendix of docs/benchmarks.md)"
  aot_args=(--cli-aot "$aot_dir/magichour")
  aot_note="NativeAOT publish (\`dotnet publish src/MagicHour.Cli -c Release -r linux-x64 -p:PublishAot=true\`): $count trim/AOT warning lines in this run, listed per source file in the appendix."
  # Per source file and code (the compiler's analyzers and ILC each report most of them once).
  grep -E "warning IL[0-9]+" "$work/aot-publish.log" | sed -E "s#^$PWD/##" \
    | sed -E 's#^([^ (]+)\(([0-9]+)(,[0-9]+)?\): .*warning (IL[0-9]+).*#\1\t\4#' \
    | awk -F'\t' 'NF==2 {print} NF!=2 {match($0,/IL[0-9]+/); print "(no source location: framework/attribute use)\t" substr($0,RSTART,RLENGTH)}' \
    | sort | uniq -c | sort -k2 > "$work/aot-warnings.txt" || true
else
  echo "AOT publish failed; see $work/aot-publish.log"
  tail -20 "$work/aot-publish.log"
  aot_note="NativeAOT publish failed in this run: $(grep -m1 -E 'error' "$work/aot-publish.log" | cut -c1-300 || true)"
fi

echo "== the vendor's Node SDK (npm magic-hour) into $node_dir"
node_args=()
if command -v npm >/dev/null 2>&1 && command -v node >/dev/null 2>&1; then
  if (cd "$node_dir" && npm init -y >/dev/null && npm install --no-audit --no-fund --loglevel=error magic-hour@0.43.1 >/dev/null); then
    node_args=(--node-dir "$node_dir")
  else
    echo "warning: npm install magic-hour failed; the peer comparison is skipped"
  fi
else
  echo "warning: node/npm not found; the peer comparison is skipped"
fi

echo "== run (work folder $work)"
dotnet tools/MagicHour.Benchmarks/bin/Release/net10.0/MagicHour.Benchmarks.dll all \
  --emulator-dll tools/MagicHour.Emulator/bin/Release/net10.0/MagicHour.Emulator.dll \
  --cli-jit "$cli_jit" "${aot_args[@]}" --aot-note "$aot_note" "${node_args[@]}" \
  --portrait tools/samples/portrait.png --work "$work" --out docs/benchmarks.md \
  --command "$command_line" "$@"
if [ -s "$work/aot-warnings.txt" ]; then
  { echo; echo "## Appendix: trim/AOT warnings of the NativeAOT publish in this run"; echo
    echo "Count (analyzer and ILC reports of one call site both counted), source file, warning code:"; echo
    echo '```'; cat "$work/aot-warnings.txt"; echo '```'; } >> docs/benchmarks.md
elif [ -f "$work/aot-warnings.txt" ]; then
  { echo; echo "## Appendix: trim/AOT warnings of the NativeAOT publish in this run"; echo
    echo "None: the publish reported no trim or AOT warning."; } >> docs/benchmarks.md
fi
echo "== per-tool poll schedules (fake clock, its own section)"
tools/bench-poll-schedules.sh
echo "Wrote docs/benchmarks.md (logs in $work/logs)"
