// A walk over the candidate passages of an exact plan (query_plan.h's
// CandidateSpec), in docid order, straight over Xapian's posting lists:
// no matcher, no query tree, no value reads. At each candidate it can say
// the passage's BM25 weight exactly as Xapian's BM25Weight would give it
// for the plan's query (every candidate term, plus the word terms scaled by
// the word boost), so one pass can count and rank (exact_match.h).
// Not thread-safe: one per search; lives no longer than its database.
#pragma once

#include <xapian.h>

#include <memory>
#include <string>
#include <vector>

#include "search/query_plan.h"

namespace zh::search {

// Xapian 1.4's BM25Weight with k2 = 0, k3 = 1 and min_normlen = 0.5
// (Engine's settings), split so that a bound can be had before the
// passage's length is read.
class Bm25 {
 public:
  Bm25(const Xapian::Database& db, double k1, double b);
  // The weight of a term indexing `termfreq` passages, times `factor`.
  double term_weight(Xapian::doccount termfreq, double factor) const;
  // k1 times the length normalization of a passage of `doclength` terms
  // (a term's weight is term_weight * wdf / (length_part + wdf)); no
  // passage has less than length_part_floor().
  double length_part(Xapian::termcount doclength) const;
  double length_part_floor() const { return length_part(0); }

 private:
  double k1_, b_, inverse_avlength_ = 0;
  Xapian::doccount doccount_;
};

class CandidateCursor {
 public:
  // Requires: `spec` has at least one clause.
  CandidateCursor(const Xapian::Database& db, const CandidateSpec& spec, const Bm25& bm25);
  ~CandidateCursor();

  // The first candidate at or after `from`, or 0 when there is none left.
  // Requires: `from` is greater than any docid returned before.
  Xapian::docid next(Xapian::docid from);

  // The weight of candidate `did` (the last one next() returned) for a
  // passage whose length part (Bm25::length_part) is `length_part`.
  double weight(Xapian::docid did, double length_part);

  // At least weight(did, length_part) for any length. Reads the postings
  // of no word term that is far more frequent than the candidates, nor of
  // one that lies within them (CandidateSpec::boost_within_candidates):
  // such a word (的 in 定的, 部门 in 部门) would be walked posting by
  // posting, when most candidates are rejected by this bound alone.
  double bound(Xapian::docid did);

  // Between weight(did, length_part) at any length and bound(did): reads
  // the frequent word terms at `did`, unless they lie within the candidates.
  double tight_bound(Xapian::docid did);

  class Node;

 private:
  std::unique_ptr<Node> candidates_;
  std::unique_ptr<Node> boost_;  // word terms read for bounds: weight only, may be null
  std::unique_ptr<Node> late_;   // word terms read only for weights, may be null
  double late_max_ = 0;          // the most late_ adds to any passage
  double floor_;                  // Bm25::length_part_floor()
  // When the boost lies within the candidates (and is late_): the candidate
  // terms (owned by candidates_), and the boost word's term weight.
  std::vector<Node*> within_;
  double boost_term_weight_ = 0;
};

}  // namespace zh::search
