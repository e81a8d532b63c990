#!/usr/bin/env bash
# Reproduces the pretrained model shipped in src/EndoDepth.Crf/DefaultModel/default.edcrf, from nothing, on a CPU:
#   scripts/train-default-model.sh [WORK_FOLDER]
# Data (seeded, so the bytes are the same on every machine): 12,000 synthetic 128² frames from three cameras (fisheye
# 140° and 110°, pinhole 90°; 2–3 lights and a noise seed per frame, 40 phantoms each) for pre-training; for
# fine-tuning, 160 cinematic renders (40 views × the four built-in looks of one CT phantom), 6,000 more synthetic
# frames from three other cameras (fisheye 125°, pinhole 60° and 80°) and the pre-training frames again. Model: the
# FCSP CNN-CRF, compact widths, trunk at 128 px, 200 superpixels. Pre-training 4 epochs, then the paper's fine-tuning
# (trunk frozen) 2 epochs. Every stage resumes when run again. Wall time on the 2-core machine: about 40 minutes
# (docs/crf.md has the figures).
set -euo pipefail
cd "$(dirname "$0")/.."
work=${1:-default-model-work}
dotnet build samples/EndoDepth.Cli -c Release -v quiet
cli=(dotnet samples/EndoDepth.Cli/bin/Release/net10.0/endodepth.dll)
mkdir -p "$work"
"${cli[@]}" synth --count 4000 --size 128x128 --seed 11 --views-per-phantom 100 --out "$work/synth-f140"
"${cli[@]}" synth --count 4000 --size 128x128 --seed 21 --views-per-phantom 100 --pinhole --fov 90 --out "$work/synth-pin90"
"${cli[@]}" synth --count 4000 --size 128x128 --seed 31 --views-per-phantom 100 --fov 110 --out "$work/synth-f110"
"${cli[@]}" synth --count 2000 --size 128x128 --seed 41 --views-per-phantom 100 --fov 125 --out "$work/synth-f125"
"${cli[@]}" synth --count 2000 --size 128x128 --seed 81 --views-per-phantom 100 --pinhole --fov 60 --out "$work/synth-pin60"
"${cli[@]}" synth --count 2000 --size 128x128 --seed 82 --views-per-phantom 100 --pinhole --fov 80 --out "$work/synth-pin80"
"${cli[@]}" render phantom --views 40 --presets 4 --spp 32 --size 128x128 --seed 903 --out "$work/cine-ft"
[ -f "$work/pretrained.edcrf" ] || "${cli[@]}" train --data "$work/synth-f140" "$work/synth-pin90" "$work/synth-f110" \
  --out "$work/pretrained.edcrf" --epochs 4 --constant-epochs 2 --net compact --input-size 128 --superpixels 200 --seed 1 --threads 2
[ -f "$work/default.edcrf" ] || "${cli[@]}" finetune --model "$work/pretrained.edcrf" --data "$work/cine-ft" "$work/synth-f125" \
  "$work/synth-pin60" "$work/synth-pin80" "$work/synth-f140" "$work/synth-pin90" "$work/synth-f110" \
  --out "$work/default.edcrf" --epochs 2 --constant-epochs 1 --seed 2 --threads 2
echo "$work/default.edcrf"
