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

#include <functional>

#include "searcher/passage_texts.h"
#include "searcher/query_plan.h"

namespace zh::search {

// What a count learned about the candidates it verified, so that ranking
// the page need not read their text again: the docids it accepted and
// rejected, each in increasing order. A candidate in neither list was
// skipped (its document had already counted per_doc passages).
struct Verdicts {
  std::vector<Xapian::docid> accepted;
  std::vector<Xapian::docid> rejected;
};

// The last docid of the run of passages of `did`'s document, in the
// revision of the database being counted.
using RunEnd = std::function<Xapian::docid(Xapian::docid did)>;

// The number of passages matching `candidates` that `verifier` accepts
// (all of them when it is null), counting at most `per_doc` per document
// (0 = no limit), reading texts from `texts`. With a verifier and
// `verdicts`, records what each verified candidate got. Throws
// Xapian::Error as the database does.

std::size_t count_matches(const Xapian::Database& db, const RunEnd& run_end, const CandidateSpec& candidates,
                          const PassageVerifier* verifier, std::size_t per_doc, PassageTexts& texts,
                          Verdicts* verdicts = nullptr);

// A match decider for ranking the page of a query whose candidates were
// counted: answers from the count's verdicts, and verifies only the
// passages the count skipped. Lives no longer than its arguments.
class RecordedVerifier : public Xapian::MatchDecider {
 public:
  RecordedVerifier(const PassageVerifier& verifier, const Verdicts& verdicts, PassageTexts& texts)
      : verifier_(verifier), verdicts_(verdicts), texts_(texts) {}
  bool operator()(const Xapian::Document& doc) const override;

 private:
  const PassageVerifier& verifier_;
  const Verdicts& verdicts_;
  PassageTexts& texts_;
};

}  // namespace zh::search
