#include <catch2/catch.hpp>

#include <algorithm>

#include "text/analyzer.h"
#include "text/normalizer.h"

using zh::text::analyze;
using zh::text::Token;
using zh::text::TokenKind;

namespace {

std::vector<std::string> texts_of(const std::vector<Token>& tokens, TokenKind kind) {
  std::vector<std::string> out;
  for (const auto& t : tokens)
    if (t.kind == kind) out.push_back(t.text);
  return out;
}

// Stream invariants (Lucene's ValidatingTokenFilter): spans in bounds and
// ascending per kind, and each slice of the original normalizes to a
// string that contains the token (Char/Pair) or equals it (Word).
void check_invariants(const std::string& text, const std::vector<Token>& tokens) {
  std::uint32_t last_begin[3] = {0, 0, 0};
  for (const auto& t : tokens) {
    INFO("token " << t.text << " [" << t.begin << "," << t.end << ")");
    REQUIRE(t.begin < t.end);
    REQUIRE(t.end <= text.size());
    const auto k = static_cast<int>(t.kind);
    CHECK(t.begin >= last_begin[k]);
    last_begin[k] = t.begin;
    const std::string slice = zh::text::normalize(text.substr(t.begin, t.end - t.begin));
    if (t.kind == TokenKind::Word) CHECK(slice == t.text);
    else CHECK(slice.find(t.text) != std::string::npos);
  }
}

}  // namespace

TEST_CASE("pairs span word boundaries, so any substring can be found") {
  const std::string text = "小团队，大责任";
  const auto tokens = analyze(text);
  check_invariants(text, tokens);
  const auto pairs = texts_of(tokens, TokenKind::Pair);
  CHECK(pairs == std::vector<std::string>{"小团", "团队", "大责", "责任"});
  const auto chars = texts_of(tokens, TokenKind::Char);
  CHECK(chars == std::vector<std::string>{"小", "团", "队", "大", "责", "任"});
}

TEST_CASE("ICU words are normalized and keep their original spans") {
  const std::string text = "OpenAI的團隊用ＧＰＴ-3";
  const auto tokens = analyze(text);
  check_invariants(text, tokens);
  const auto words = texts_of(tokens, TokenKind::Word);
  CHECK(std::find(words.begin(), words.end(), "openai") != words.end());
  CHECK(std::find(words.begin(), words.end(), "团队") != words.end());
  CHECK(std::find(words.begin(), words.end(), "gpt") != words.end());
  CHECK(std::find(words.begin(), words.end(), "3") != words.end());
  for (const auto& t : tokens)
    if (t.kind == TokenKind::Word && t.text == "gpt") CHECK(text.substr(t.begin, t.end - t.begin) == "ＧＰＴ");
}

TEST_CASE("mixed scripts pair across the boundary; spaces break pairs") {
  const auto tokens = analyze("的API 说");
  const auto pairs = texts_of(tokens, TokenKind::Pair);
  CHECK(pairs == std::vector<std::string>{"的a", "ap", "pi"});
}

TEST_CASE("empty and punctuation-only input") {
  CHECK(analyze("").empty());
  const auto tokens = analyze("，。！");
  CHECK(texts_of(tokens, TokenKind::Word).empty());
  CHECK(texts_of(tokens, TokenKind::Char).empty());
}
