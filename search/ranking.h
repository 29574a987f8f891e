// The knobs of ranked (relaxed) retrieval, with the values chosen on the
// dev splits (cmrc2018-dev and drcd-dev questions, on ret-union-large; see
// bench/RESULTS.md, "Ranking"). Every signal can be switched off by name,
// which is how the ablation table is made: `zhsearch search --rank-param
// phrase=0 ...`. A plain value type; no state.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace zh::search {

struct RankingParams {
  // BM25 (Xapian's BM25Weight k1 and b). A low b keeps long passages,
  // where answers often sit, from being buried by length normalization;
  // a low k1 lets a term's presence count more than its repetition.
  double k1 = 0.5;
  double b = 0.2;
  // Weight of ICU word terms relative to character-pair terms: a passage
  // where the query's words are whole words ranks above one where the
  // characters merely occur side by side. 0 = words do not score.
  double word_boost = 2.0;
  // Relaxation: true tries "every word, anywhere" before the ranked OR.
  // Off by default: a question's answer rarely holds all of its words.
  bool all_words_level = false;
  // Function characters and question words (的, 什么, 哪 ...) do not score.
  bool drop_function_words = true;
  // Question words (什么, 哪一年, 多少 ...) and the character pairs that touch
  // them make no terms at the ranked levels (text/question_words.h).
  bool drop_question_words = true;
  // Long questions: only the `elite_terms` terms that can weigh most
  // (Xapian's elite set, by idf) take part in the ranked OR; 0 = all.
  std::size_t elite_terms = 20;
  // Reranking of the best `rerank_depth` relaxed hits by their text:
  // `phrase` weighs the share of the query covered by runs of at least
  // three characters found in the passage, `coverage` the share of the
  // query's words found in it. 0 switches a signal off.
  std::size_t rerank_depth = 30;
  double phrase = 0.3;
  double coverage = 0.3;
  // `proximity` weighs how close together the words found in a passage
  // are (rerank.h).
  double proximity = 0.1;
  // `title` weighs how much of a hit's document title or section heading
  // the query repeats (a question naming its subject).
  double title = 0.3;
};

// Sets parameters from "name=value" (names as in the struct; booleans take
// 0 or 1); several may be joined with ';' ("k1=1;b=0.5", one argument for
// the bench's engine variants). Throws zh::UsageError naming the valid
// parameters.
void set_ranking_param(RankingParams& params, std::string_view assignment);

// "k1=0.5 b=0.2 ..." for --explain and bench records.
std::string describe(const RankingParams& params);

}  // namespace zh::search
