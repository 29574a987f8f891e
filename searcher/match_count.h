// Exact counting of the passages a Ctrl-F query matches, without ranking.
//
// Xapian's matcher scores and collapses every candidate to count them; a
// count needs neither. This walks the candidate posting lists directly,
// verifies each candidate against its stored text, and once a document has
// as many matching passages as a page may show (per_doc), skips the rest
// of its passages without reading them. Not thread-safe: one per search.
#pragma once

#include <xapian.h>

#include <cstddef>
#include <string>
#include <vector>

#include "searcher/passage_map.h"
#include "searcher/query_plan.h"

namespace zh::search {

// The number of passages matching `candidates` that `verifier` accepts
// (all of them when it is null), counting at most `per_doc` per document
// (0 = no limit). `map` must describe the same revision of `db`.
// Throws Xapian::Error as the database does.
std::size_t count_matches(const Xapian::Database& db, const PassageMap& map, const CandidateSpec& candidates,
                          const PassageVerifier* verifier, std::size_t per_doc);

}  // namespace zh::search
