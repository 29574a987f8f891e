// ParsedQuery -> what a search runs at one level, in one representation
// per level, and a verifier that checks each candidate against its stored
// text, which makes matching exactly Ctrl-F (DESIGN §2). Three levels, from
// strict to loose, for graceful relaxation.
//
// Exact level: a CandidateSpec, which exact_match.h runs. A part such as
// 小团队 must contain every character pair of its normal form (B小团 and
// B团队); one- and two-character parts are a single U/B term and need no
// verification. Ranking adds the ICU words of each part as a boost, so
// word-aligned matches score higher (a one-character word only when it is
// the whole part: query_plan.cc).
// Relaxed levels: a Xapian::Query, which Xapian's matcher runs.
// describe() is what --explain prints. Plans are values (thread-compatible).
#pragma once

#include <xapian.h>

#include <memory>

#include <string>
#include <vector>

#include "search/query_parser.h"
#include "search/ranking.h"
#include "text/substring_finder.h"

namespace zh::search {

enum class MatchLevel {
  Exact,     // every part occurs, as Ctrl-F would find it
  AllWords,  // relaxed: every word of the query occurs, anywhere (off by default)
  AnyWord,   // relaxed: ranked OR of words and character pairs
};

// Decides whether a candidate passage really matches (thread-compatible:
// one per search).
class PassageVerifier {
 public:
  // `required`: for each clause, the normal forms of its alternatives;
  // `excluded`: normal forms that must not occur.
  PassageVerifier(std::vector<std::vector<std::string>> required, std::vector<std::string> excluded);
  // True when the passage's searchable text passes.
  bool accepts(std::string_view searchable_normal_text) const;

 private:
  std::vector<std::vector<text::SubstringFinder>> required_;
  std::vector<text::SubstringFinder> excluded_;
};

// The candidate passages of an exact plan as plain term sets, for
// counting without Xapian's matcher (exact_match.h): a passage is a
// candidate when, for every clause, all terms of one alternative index it;
// no `excluded` term does; and, for every filter, one of its terms does.
struct CandidateSpec {
  std::vector<std::vector<std::vector<std::string>>> clauses;  // AND of OR of AND
  std::vector<std::string> excluded;
  std::vector<std::vector<std::string>> filters;  // AND of OR
  // Word terms that only add weight, times `boost_factor`: a passage where
  // the part is a whole word ranks above one where it is not.
  std::vector<std::string> boost;
  double boost_factor = 1;
  // The boost is one word, the whole of the only part: a passage where it
  // is a word n times has each of the part's characters or pairs at least
  // n times, so the candidate terms bound its weight (candidate_cursor.h).
  bool boost_within_candidates = false;
};

struct QueryPlan {
  MatchLevel level = MatchLevel::Exact;
  CandidateSpec candidates;                   // exact level only: what exact_match.h runs
  Xapian::Query query;                        // relaxed levels only: what Xapian's matcher runs
  std::unique_ptr<PassageVerifier> verifier;  // null when the terms are exact
  std::vector<std::string> highlight;         // normal forms to mark in results
  std::vector<std::string> content_words;     // relaxed levels: the words that score
  std::vector<std::string> segmentation;      // for describe(): "part -> terms"

  // True when the plan can match nothing (no candidate terms at the exact
  // level, an empty query at a relaxed one): a search skips the level.
  bool empty() const;
  // Every term the plan reads (candidates, exclusions, filters, boosts or
  // the query's terms), in byte order, each once: a passage's "matched
  // terms" are those of its index terms that are in this list.
  std::vector<std::string> terms() const;
  // What --explain prints for the plan, one line each, unindented: the
  // segmentation lines, then "candidates: ..." (exact level: the
  // CandidateSpec as AND/OR of terms, exclusions, filters and word boost)
  // or "xapian: ..." (relaxed levels: the query's get_description()).
  std::vector<std::string> describe() const;
};

// The plan for `q` at `level`, weighted by `params`. Requires: !q.empty().
// The AllWords and AnyWord plans may be empty() when the query has no
// words left after dropping function words, or the AllWords level is
// switched off: skip them.
QueryPlan make_plan(const ParsedQuery& q, MatchLevel level, const RankingParams& params = {});

const char* to_string(MatchLevel level);

}  // namespace zh::search
