// The exact (Ctrl-F) level in one pass over the candidate postings: each
// candidate passage is verified against its stored text, counted (at most
// per_doc per document, as a page may show) and ranked by the BM25 weight
// Xapian would give it for the plan's query. A document's passages are one
// run of docids, so collapsing to the best per_doc passages of a document
// needs no value reads, and the ranking keeps only the best `depth`.
// Candidates that can no longer count or rank are passed over without
// reading their length or text. Not thread-safe: one per search.
#pragma once

#include <xapian.h>

#include <cstddef>
#include <vector>

#include "index/index_reader.h"
#include "search/query_plan.h"

namespace zh::search {

struct ScoredPassage {
  Xapian::docid did = 0;
  double weight = 0;
};

struct ExactOptions {
  std::size_t per_doc = 2;  // passages per document that count and rank; 0 = no limit
  std::size_t depth = 10;   // how many of the best passages to return; 0 = count only
  double k1 = 0.5, b = 0.2;  // BM25, as RankingParams
  // Also count every matching passage (ExactMatches::passages): each candidate past a document's
  // per_doc is then verified too, which costs text reads. What is ranked
  // and returned does not change.
  bool count_all = false;
};

struct ExactMatches {
  std::size_t total = 0;               // matching passages, at most per_doc per document
  std::size_t passages = 0;            // with count_all: every matching passage (else 0)
  std::size_t documents = 0;           // documents holding a matching passage
  std::vector<ScoredPassage> ranked;   // the best `depth`, best first (ties: lower docid first)
};

// Matches `plan` against the revision `reader` holds: candidates' texts,
// lengths and run ends come from it. Requires: `plan` is an exact-level
// plan. Throws Xapian::Error as the database does, zh::IndexError as the
// reader does.
ExactMatches match_exact(index::IndexReader& reader, const QueryPlan& plan, const ExactOptions& options);

}  // namespace zh::search
