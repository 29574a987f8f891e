// The one rule for Char and Pair tokens, which the index (text/analyzer.cc)
// and the query planner (search/query_plan.cc) both follow, so that a
// query's character terms are always ones the index made.
// Thread-safe (a pure function).
#pragma once

#include <cstddef>

#include "text/analyzer.h"
#include "text/normalizer.h"

namespace zh::text {

// Over `n` normalized code points, where at(i) is the i-th: calls
// emit(TokenKind::Char, i, i) for each letter, digit or ideograph
// (is_word_char), then emit(TokenKind::Pair, i, i + 1) when the next one
// is one too, so no pair spans a space or punctuation. In text order.
template <typename At, typename Emit>
void for_each_character_token(std::size_t n, At&& at, Emit&& emit) {
  for (std::size_t i = 0; i < n; ++i) {
    if (!is_word_char(at(i))) continue;
    emit(TokenKind::Char, i, i);
    // Pairs with punctuation would add a fifth of the postings and help
    // only queries that contain punctuation, which verification handles.
    if (i + 1 < n && is_word_char(at(i + 1))) emit(TokenKind::Pair, i, i + 1);
  }
}

}  // namespace zh::text
