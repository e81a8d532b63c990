#!/usr/bin/env bash
# The pre-training data study of docs/experiments.md ("What more pre-training data buys"): at the medium scale's
# settings, pre-training on 2,000 synthetic frames from 40 phantoms (the medium run's own) or from 400, on 4,000
# frames from 800, and on 2,000 from 10 — each with two training seeds, 10 epochs — then the paper's fine-tuning on
# the medium run's 480 cinematic renders, and every model evaluated on the medium run's rendered and unseen-domain
# test sets and on 300 synthetic frames of 30 phantoms no model saw.
#   scripts/pretraining-study.sh MEDIUM_RUN_FOLDER [WORK_FOLDER]
# MEDIUM_RUN_FOLDER is the output of `endodepth experiment --scale medium --seed 7` (its data/cinematic,
# data/test-rendered and data/test-unseen). Every step is skipped when its output exists, so a rerun resumes.
# Wall time on the 2-core machine: about 15 minutes per 2,000-frame arm and seed (data ≈ 15 s for 40 phantoms,
# ≈ 3 min for 400: building a phantom's distance grid dominates).
set -euo pipefail
cd "$(dirname "$0")/.."
medium=$(realpath "$1"); work=${2:-pretraining-study}
dotnet build samples/EndoDepth.PretrainingStudy -c Release -v quiet
dotnet build samples/EndoDepth.Cli -c Release -v quiet
study=(dotnet samples/EndoDepth.PretrainingStudy/bin/Release/net10.0/EndoDepth.PretrainingStudy.dll)
cli=(dotnet samples/EndoDepth.Cli/bin/Release/net10.0/endodepth.dll)
mkdir -p "$work/data" "$work/models" "$work/evals"
data() {
  [ -f "$work/data/$1/.done" ] || { "${study[@]}" data "$work/data/$1" "${@:2}" && touch "$work/data/$1/.done"; }
}
# Phantom seeds: 1968190… are the medium run's synthetic phantoms; 5968190… and 6968190… serve no role of it.
data p40 2000 40 1968190
data p400 2000 400 5968190
data p10 2000 10 1968190
data p800x4000 4000 800 5968190
data synth-test 300 30 6968190 424242
for seed in 101 202; do
  for arm in p40 p400 p800x4000 p10; do
    pre="$work/models/$arm-s$seed.pre.model"; ft="$work/models/$arm-s$seed.ft.model"
    [ -f "$pre" ] || "${study[@]}" train "$work/data/$arm" "$pre" 10 "$seed"
    [ -f "$ft" ] || "${study[@]}" finetune "$pre" "$medium/data/cinematic" "$ft" 10 $((seed + 1))
    for m in pre ft; do
      for set in test-rendered test-unseen synth-test; do
        d="$medium/data/$set"; split=Test
        if [ "$set" = synth-test ]; then d="$work/data/synth-test"; split=Train; fi
        for align in None Median; do
          out="$work/evals/$arm-s$seed.$m.$set.$align.json"
          [ -s "$out" ] || "${cli[@]}" evaluate --model "$work/models/$arm-s$seed.$m.model" --data "$d" --split $split \
            --align $align --json --threads 2 > "$out"
        done
      done
    done
  done
done
ls "$work/evals"
