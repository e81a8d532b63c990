#!/usr/bin/env bash
# The endodepth .NET tool as a user gets it: pack samples/EndoDepth.Cli for this machine's runtime, install it into a
# temporary tool path from that folder alone (`dotnet tool install --tool-path T --add-source DIR EndoDepth.Cli`),
# then run `endodepth --help`, a 1-frame synthetic set and a prediction on it (the tool's own libtorch). Run by .ci/run after the tests; prints
# "tool: ok" or "tool: FAILED (...)" last and exits 0 or 1.
#   scripts/check-dotnet-tool.sh
# Needs the registries only for the restore of the RID-specific build (as any build does); the install reads the
# packed folder alone (a nuget.config with only that source).
set -uo pipefail
cd "$(dirname "$0")/.."
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1

rid=$(dotnet --info | sed -n 's/^ *RID: *//p' | head -n 1)
case "$rid" in linux-x64|win-x64|osx-arm64) ;; *) rid=linux-x64 ;; esac
work=$(mktemp -d "${TMPDIR:-/tmp}/endodepth-tool-XXXXXX")
# The RID-specific build and publish of the CLI (about 1 GB with libtorch) are not kept.
ridout=(samples/EndoDepth.Cli/bin/Release/net10.0/"$rid" samples/EndoDepth.Cli/obj/Release/net10.0/"$rid")
trap 'rm -rf "$work" "${ridout[@]}"' EXIT
fail() { echo "tool: FAILED ($1)"; exit 1; }

start=$SECONDS
# Only this machine's runtime: the pointer package EndoDepth.Cli and EndoDepth.Cli.$rid.
# Hard links from the NuGet cache instead of copies of libtorch in the build and publish folders (about 1 GB less disk;
# the libLibTorchSharp.so patch rewrites its file through a copy, so the cache is never changed).
dotnet pack samples/EndoDepth.Cli -c Release -o "$work/feed" -p:ToolPackageRuntimeIdentifiers="$rid" \
    -p:CreateHardLinksForCopyLocalIfPossible=true -p:CreateHardLinksForPublishFilesIfPossible=true \
    >"$work/pack.log" 2>&1 || { tail -n 30 "$work/pack.log"; fail "dotnet pack"; }
rm -rf "${ridout[@]}"
ls -l "$work/feed"
cat >"$work/nuget.config" <<XML
<?xml version="1.0" encoding="utf-8"?>
<configuration>
  <packageSources>
    <clear />
    <add key="endodepth-tool" value="$work/feed" />
  </packageSources>
</configuration>
XML
dotnet tool install --tool-path "$work/tools" --configfile "$work/nuget.config" EndoDepth.Cli \
    >"$work/install.log" 2>&1 || { cat "$work/install.log"; fail "dotnet tool install"; }
endodepth="$work/tools/endodepth"

help=$("$endodepth" --help 2>&1) || { echo "$help"; fail "endodepth --help exited non-zero"; }
grep -q "synth" <<<"$help" || { echo "$help"; fail "endodepth --help does not list synth"; }
"$endodepth" synth --count 1 --size 32x32 --seed 1 --out "$work/synth" >"$work/synth.log" 2>&1 \
    || { cat "$work/synth.log"; fail "endodepth synth"; }
[ -n "$(find "$work/synth" -name '*.npy' -print -quit)" ] || { cat "$work/synth.log"; fail "synth wrote no .npy"; }
# The tool's own libtorch: the shipped model on that frame.
"$endodepth" predict "$work/synth/images" --out "$work/preds" >"$work/predict.log" 2>&1 \
    || { cat "$work/predict.log"; fail "endodepth predict"; }
[ -f "$work/preds/0000000.npy" ] || { cat "$work/predict.log"; fail "predict wrote no 0000000.npy"; }
echo "tool: ok ($rid, $((SECONDS - start)) s: pack, install, --help, synth, predict)"
