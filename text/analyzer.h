// The analysis chain shared by indexing, querying and highlighting: ICU's
// word BreakIterator over the original text for words, and the
// per-code-point normal form for character and character-pair tokens.
// Every token carries its span in the original text. Thread-safe: each
// thread reuses its own BreakIterator.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace zh::text {

enum class TokenKind {
  Word,  // an ICU word (any script), normalized: ranks word-aligned matches
  Char,  // one normalized letter, digit or ideograph: finds 1-char queries
  Pair,  // two adjacent normalized letters/digits/ideographs: finds the rest
};

struct Token {
  std::string text;    // normalized form, as indexed
  std::uint32_t begin; // [begin, end): bytes of the original text
  std::uint32_t end;
  TokenKind kind;
};

// All tokens of `utf8`: words in text order, then characters and pairs in
// text order. Empty input gives no tokens.
// Requires: valid UTF-8 (decode() guarantees it).
std::vector<Token> analyze(std::string_view utf8);

// The same tokens, in `out` (cleared first): a caller that analyzes many
// texts reuses one vector's memory instead of allocating ~20 KB a passage.
void analyze(std::string_view utf8, std::vector<Token>& out);

// Only the Word tokens of `utf8`, in text order.
std::vector<Token> words(std::string_view utf8);

}  // namespace zh::text
