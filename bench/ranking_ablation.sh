#!/usr/bin/env bash
# The ranking ablation of bench/RESULTS.md: every question of ret-union-large,
# dev and held-out splits, with each signal switched off by --rank-param.
#   bench/ranking_ablation.sh [ZHSEARCH_BINARY]     (default build/zhsearch)
set -euo pipefail
repo=$(cd "$(dirname "$0")/.." && pwd)
bin=${1:-$repo/build/zhsearch}
variants=("" "phrase=0" "coverage=0" "proximity=0" "title=0" "rerank_depth=0" "word_boost=0" "drop_function_words=0" "drop_question_words=0"
          "elite_terms=0" "all_words_level=1" "k1=1;b=0.5"
          "rerank_depth=0;all_words_level=1;k1=1;b=0.5;drop_question_words=0;elite_terms=0")
# (rerank_depth=0 switches phrase, coverage, proximity and title off together.)
for split in dev heldout; do
  for v in "${variants[@]}"; do
    if [ -z "$v" ]; then
      "$repo/bench/ranking_eval.py" --bin "$bin" --split "$split" -n 0
    else
      "$repo/bench/ranking_eval.py" --bin "$bin" --split "$split" -n 0 -- --rank-param "$v"
    fi
  done
done
