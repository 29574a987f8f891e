// Second-stage ranking of relaxed (question-style) results by their text.
//
// Without a positional index, BM25 sees a question as a bag of words and
// character pairs. The best few hundred bytes of evidence are in the
// order: a passage that repeats a run of the question (世界上最早的古栽培稻)
// is very likely its answer. This reads the stored normal text of the top
// hits only and combines, per hit:
//   score = weight / best weight + phrase * (share of the query's
//   characters inside runs of >= 3 found in the text)
//   + coverage * (share of the query's content words found in the text)
//   + proximity * (their length over the narrowest span holding them)
//   + title * (how much of the hit's document title or section heading
//     the query repeats).
// Pure functions on strings: no Xapian, thread-safe.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "search/ranking.h"

namespace zh::search {

struct RerankQuery {
  // The query's normal form, one entry per code point; "" where a
  // character is not a letter, digit or ideograph (runs stop there).
  std::vector<std::string> characters;
  std::vector<std::string> words;  // normal forms of its content words
};

// `normal_parts`: the normal form of each typed part, in order.
RerankQuery make_rerank_query(const std::vector<std::string>& normal_parts, std::vector<std::string> words);

// Share (0..1) of the query's letters, digits and ideographs that lie in
// runs of at least `min_run` consecutive query characters found in `text`.
double phrase_share(const RerankQuery& query, std::string_view text, std::size_t min_run = 3);

// Share (0..1) of the query's words found in `text`; 0 without words.
double word_share(const RerankQuery& query, std::string_view text);

// How close together the query's words found in `text` are: their total
// length over the narrowest span of text holding each of them (0..1); 0
// when fewer than two are found.
double proximity(const RerankQuery& query, std::string_view text);

// Share (0..1) of `label` (a normalized title or heading) that the query
// repeats: the longest run of its letters, digits and ideographs found
// consecutively in the query, over their number. A trailing bracketed
// qualifier ("大曲车站 (秋田县)") is not part of the name; a label of one
// character counts for nothing, and only its first 64 characters count.
double label_share(const RerankQuery& query, std::string_view label);

// One hit to rerank: its Xapian weight, its normal text, and the normal
// forms of its document title and section heading (either may be empty).
struct RerankCandidate {
  double weight = 0;
  std::string text;
  std::string title;
  std::string heading;
};

struct Reranked {
  std::size_t index;  // into the input
  double score;
};

// The candidates reordered by the combined score above, best first (ties
// keep their input order).
std::vector<Reranked> rerank(const std::vector<RerankCandidate>& candidates, const RerankQuery& query,
                             const RankingParams& params);

}  // namespace zh::search
