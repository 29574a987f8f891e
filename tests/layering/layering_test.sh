#!/usr/bin/env bash
# Layering check (issue 21): dependencies point down.
#
#   common <- text <- ingest <- index <- indexer
#                               index <- search <- web <- app
#
# Every `#include "layer/..."` in a layer's folder must name a layer that
# the table below allows, and no file under search/, web/ or app/ includes
# a writer header of index/ (web writes through indexer/; app wires
# indexer/ for the index command). Each layer's CMakeLists.txt may link
# only the zh_ libraries of the layers it may include.
#
# Usage: layering_test.sh SOURCE_DIR      check a tree: exit 0 clean, 1 violations
#        layering_test.sh --self-test     check the checker on trees with known faults
set -uo pipefail

# layer: the layers its files may include (itself first).
declare -A ALLOWED=(
  [common]="common"
  [text]="text common"
  [ingest]="ingest text common"
  [index]="index ingest text common"
  [indexer]="indexer index ingest text common"
  [search]="search index ingest text common"
  [web]="web search indexer index ingest text common"
  [app]="app web search indexer index ingest text common"
)
LAYERS="common text ingest index indexer search web app"
# Writer headers: only index/ itself and indexer/ may include them.
WRITER_HEADERS="index/index_writer.h index/document_builder.h index/text_store_writer.h"
WRITER_USERS="index indexer"

check_tree() {
  local root=$1 bad=0 layer file line n inc target
  for layer in $LAYERS; do
    [[ -d $root/$layer ]] || { echo "layering: $layer/: missing (the table names a layer the tree lacks)"; bad=1; continue; }
    while IFS= read -r file; do
      n=0
      while IFS= read -r line || [[ -n $line ]]; do
        n=$((n + 1))
        [[ $line =~ ^[[:space:]]*#[[:space:]]*include[[:space:]]*\"([^\"]+)\" ]] || continue
        inc=${BASH_REMATCH[1]}
        local rel=${file#"$root"/}
        if [[ $inc == *..* ]]; then
          echo "layering: $rel:$n: includes \"$inc\": relative paths hide the layer; write \"layer/file.h\""
          bad=1
          continue
        fi
        [[ $inc == */* ]] || continue  # same folder, or a third-party header
        target=${inc%%/*}
        [[ " $LAYERS " == *" $target "* ]] || continue  # third-party (e.g. "CLI/CLI.hpp")
        if [[ " ${ALLOWED[$layer]} " != *" $target "* ]]; then
          echo "layering: $rel:$n: $layer/ includes \"$inc\": $layer may include only ${ALLOWED[$layer]// /, } (dependencies point down)"
          bad=1
        elif [[ " $WRITER_HEADERS " == *" $inc "* && " $WRITER_USERS " != *" $layer "* ]]; then
          echo "layering: $rel:$n: $layer/ includes writer header \"$inc\": only index/ and indexer/ may; $layer writes through indexer/ (or not at all)"
          bad=1
        fi
      done <"$file"
    done < <(find "$root/$layer" -type f \( -name '*.h' -o -name '*.cc' -o -name '*.cpp' -o -name '*.hpp' \) | sort)
    # The libraries a layer links follow the same table.
    local cm=$root/$layer/CMakeLists.txt
    [[ -f $cm ]] || continue
    n=0
    local in_call=0
    while IFS= read -r line || [[ -n $line ]]; do
      n=$((n + 1))
      line=${line%%#*}
      [[ $line == *target_link_libraries* ]] && in_call=1
      ((in_call)) || continue
      [[ $line == *")"* ]] && in_call=0
      for lib in $(grep -o 'zh_[a-z_]*' <<<"$line"); do
        target=${lib#zh_}
        [[ " $LAYERS " == *" $target "* ]] || continue
        if [[ " ${ALLOWED[$layer]} " != *" $target "* ]]; then
          echo "layering: $layer/CMakeLists.txt:$n: zh_$layer links $lib: $layer may depend only on ${ALLOWED[$layer]// /, }"
          bad=1
        fi
      done
    done <"$cm"
  done
  return $bad
}

self_test() {
  local failures=0
  tmp=$(mktemp -d) || exit 2  # global: the EXIT trap runs after this function returns
  trap 'rm -rf "$tmp"' EXIT
  make_clean_tree() {
    rm -rf "$tmp/t" && mkdir -p "$tmp/t"
    for l in $LAYERS; do mkdir -p "$tmp/t/$l"; done
    printf '#include "common/error.h"\n#include "text/analyzer.h"\n#include <xapian.h>\n' >"$tmp/t/search/engine.cc"
    printf '#include "indexer/indexing_run.h"\n#include "search/engine.h"\n#include "httplib.h"\n' >"$tmp/t/web/admin.cc"
    printf '#include "index/index_writer.h"\n#include "index/document_builder.h"\n' >"$tmp/t/indexer/run.cc"
    printf '#include "indexer/watcher.h"\n#include "web/server.h"\n#include "CLI/CLI.hpp"\n' >"$tmp/t/app/main.cc"
    printf '#include "utf8.h"\n' >"$tmp/t/text/analyzer.cc"
    printf 'target_link_libraries(zh_search PUBLIC zh_index PRIVATE fmt::fmt)\n' >"$tmp/t/search/CMakeLists.txt"
  }
  expect() {  # expect NAME WANT_RC PATTERN: run on $tmp/t, check the exit code and message
    local name=$1 want=$2 pattern=$3 out rc
    out=$(check_tree "$tmp/t")
    rc=$?
    if [[ $rc != "$want" ]] || ! grep -q -- "$pattern" <<<"$out"; then
      echo "self-test FAILED: $name (exit $rc, want $want; output: ${out:-<none>})"
      failures=$((failures + 1))
    else
      echo "self-test ok: $name"
    fi
  }
  make_clean_tree
  expect "a clean tree passes" 0 ''
  make_clean_tree
  printf '\n#include "index/index_writer.h"\n' >>"$tmp/t/search/engine.cc"
  expect "search including the index writer" 1 'search/engine.cc:5: search/ includes writer header "index/index_writer.h"'
  make_clean_tree
  printf '#include "indexer/synonyms.h"\n' >"$tmp/t/search/query.cc"
  expect "search including indexer/" 1 'search/query.cc:1: search/ includes "indexer/synonyms.h"'
  make_clean_tree
  printf '#include "index/document_builder.h"\n' >"$tmp/t/web/admin.h"
  expect "web including the document builder" 1 'web/admin.h:1: web/ includes writer header "index/document_builder.h"'
  make_clean_tree
  printf '  #  include "search/engine.h"\n' >"$tmp/t/index/passage.cc"
  expect "index including search (an upward include, indented)" 1 'index/passage.cc:1: index/ includes "search/engine.h"'
  make_clean_tree
  printf '#include "ingest/ingest.h"\n' >"$tmp/t/text/decode.cc"
  expect "text including ingest" 1 'text/decode.cc:1: text/ includes "ingest/ingest.h"'
  make_clean_tree
  printf '#include "web/server.h"\n' >"$tmp/t/search/x.h"
  expect "search including web" 1 'search/x.h:1: search/ includes "web/server.h"'
  make_clean_tree
  printf '#include "text/utf8.h"\n' >"$tmp/t/common/error.h"
  expect "common including text" 1 'common/error.h:1: common/ includes "text/utf8.h"'
  make_clean_tree
  printf '#include "../indexer/watcher.h"\n' >"$tmp/t/search/y.cc"
  expect "a relative include" 1 'search/y.cc:1: includes "../indexer/watcher.h"'
  make_clean_tree
  printf '#include "index/index_writer.h"\n' >"$tmp/t/app/wire.cc"
  expect "app including the index writer directly" 1 'app/wire.cc:1: app/ includes writer header'
  make_clean_tree
  printf 'target_link_libraries(zh_search PUBLIC zh_index zh_indexer)\n' >"$tmp/t/search/CMakeLists.txt"
  expect "search linking zh_indexer" 1 'search/CMakeLists.txt:1: zh_search links zh_indexer'
  make_clean_tree
  printf 'target_link_libraries(zh_text\n  PUBLIC zh_common\n  PRIVATE zh_ingest)\n' >"$tmp/t/text/CMakeLists.txt"
  expect "text linking zh_ingest on a later line of the call" 1 'text/CMakeLists.txt:3: zh_text links zh_ingest'
  make_clean_tree
  rmdir "$tmp/t/ingest"
  expect "a missing layer folder" 1 'ingest/: missing'
  if ((failures)); then
    echo "layering self-test: $failures failed"
    return 1
  fi
  echo "layering self-test: all passed"
}

if [[ ${1:-} == --self-test ]]; then
  self_test
  exit $?
fi
if [[ $# != 1 || ! -d $1 ]]; then
  echo "usage: layering_test.sh SOURCE_DIR | --self-test" >&2
  exit 2
fi
if check_tree "$1"; then
  echo "layering: ok (no include or link points up, no writer header outside index/ and indexer/)"
  exit 0
fi
echo "layering: FAILED: see the rules at the top of tests/layering/layering_test.sh" >&2
exit 1
