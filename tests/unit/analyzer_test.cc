// The analysis chain (text/analyzer.h). Every case runs the stream
// invariants of check_stream(), after Lucene's ValidatingTokenFilter, on
// top of its own expectations.
#include <catch2/catch.hpp>

#include <algorithm>
#include <random>
#include <string>
#include <vector>

#include "text/analyzer.h"
#include "text/normalizer.h"
#include "text/utf8.h"

using zh::text::analyze;
using zh::text::fold;
using zh::text::is_word_char;
using zh::text::normalize;
using zh::text::Token;
using zh::text::TokenKind;

namespace {

const char* kind_name(TokenKind k) {
  switch (k) {
    case TokenKind::Word: return "Word";
    case TokenKind::Char: return "Char";
    case TokenKind::Pair: return "Pair";
  }
  return "?";
}

std::vector<char32_t> code_points(std::string_view s) {
  std::vector<char32_t> out;
  for (std::size_t pos = 0; pos < s.size();) out.push_back(zh::text::next_code_point(s, pos));
  return out;
}

std::string utf8_of(char32_t c) {
  std::string out;
  zh::text::append_utf8(out, c);
  return out;
}

bool is_boundary(const std::string& text, std::uint32_t at) {
  return at == text.size() || (at < text.size() && (static_cast<unsigned char>(text[at]) & 0xC0) != 0x80);
}

std::vector<std::string> texts_of(const std::vector<Token>& tokens, TokenKind kind) {
  std::vector<std::string> out;
  for (const auto& t : tokens)
    if (t.kind == kind) out.push_back(t.text);
  return out;
}

// The stream invariants, from the contract in text/analyzer.h and
// text/normalizer.h (offsets are half-open bytes of the original UTF-8):
//  - no empty token: non-empty text, begin < end;
//  - spans in bounds and on code-point boundaries of the original;
//  - the order "words in text order, then characters and pairs in text
//    order": no Word after a Char/Pair, Words ascending and disjoint,
//    Chars/Pairs with non-decreasing begins;
//  - Word text == normalize(slice of the original);
//  - Char: the slice is exactly one code point, the text one code point of
//    its fold (== the fold when the fold is one code point), a word char;
//  - Pair: two word chars, the first from the slice's first code point's
//    fold, the second from the last's, every code point between folding to
//    nothing; == normalize(slice) when the slice's folds are one code point
//    each, else a substring of it;
//  - completeness: one Char per word char of normalize(text), one Pair per
//    two adjacent word chars of it, and words() == the Word tokens;
//  - analyze(text, out) into a used vector gives the same tokens.
void check_stream(const std::string& text, const std::vector<Token>& tokens) {
  INFO("text \"" << text << "\"");
  bool seen_char_or_pair = false;
  const Token* last_word = nullptr;
  std::uint32_t last_char_begin = 0;
  std::size_t chars = 0, pairs = 0;
  for (const auto& t : tokens) {
    INFO(kind_name(t.kind) << " \"" << t.text << "\" [" << t.begin << "," << t.end << ")");
    REQUIRE(!t.text.empty());
    REQUIRE(t.begin < t.end);
    REQUIRE(t.end <= text.size());
    REQUIRE(is_boundary(text, t.begin));
    REQUIRE(is_boundary(text, t.end));
    const std::string slice = text.substr(t.begin, t.end - t.begin);
    const std::string slice_normal = normalize(slice);
    const auto slice_cps = code_points(slice);
    const auto text_cps = code_points(t.text);
    switch (t.kind) {
      case TokenKind::Word:
        CHECK_FALSE(seen_char_or_pair);
        if (last_word) CHECK(last_word->end <= t.begin);
        last_word = &t;
        CHECK(t.text == slice_normal);
        break;
      case TokenKind::Char: {
        seen_char_or_pair = true;
        ++chars;
        CHECK(t.begin >= last_char_begin);
        last_char_begin = t.begin;
        REQUIRE(slice_cps.size() == 1);
        REQUIRE(text_cps.size() == 1);
        CHECK(is_word_char(text_cps[0]));
        const auto fold_cps = code_points(fold(slice_cps[0]));
        CHECK(std::find(fold_cps.begin(), fold_cps.end(), text_cps[0]) != fold_cps.end());
        if (fold_cps.size() == 1) CHECK(t.text == slice_normal);
        break;
      }
      case TokenKind::Pair: {
        seen_char_or_pair = true;
        ++pairs;
        CHECK(t.begin >= last_char_begin);
        last_char_begin = t.begin;
        REQUIRE(text_cps.size() == 2);
        CHECK(is_word_char(text_cps[0]));
        CHECK(is_word_char(text_cps[1]));
        REQUIRE(!slice_cps.empty());
        const auto first = code_points(fold(slice_cps.front()));
        const auto last = code_points(fold(slice_cps.back()));
        CHECK(std::find(first.begin(), first.end(), text_cps[0]) != first.end());
        CHECK(std::find(last.begin(), last.end(), text_cps[1]) != last.end());
        bool all_single = true;
        for (std::size_t i = 0; i < slice_cps.size(); ++i) {
          const auto n = code_points(fold(slice_cps[i])).size();
          if (i > 0 && i + 1 < slice_cps.size()) CHECK(n == 0);
          if (n != 1 && !(i > 0 && i + 1 < slice_cps.size())) all_single = false;
        }
        if (all_single) CHECK(t.text == slice_normal);
        else CHECK(slice_normal.find(t.text) != std::string::npos);
        break;
      }
    }
  }
  // Completeness against the normal form of the whole text.
  const auto normal_cps = code_points(normalize(text));
  std::size_t want_chars = 0, want_pairs = 0;
  for (std::size_t i = 0; i < normal_cps.size(); ++i) {
    if (!is_word_char(normal_cps[i])) continue;
    ++want_chars;
    if (i + 1 < normal_cps.size() && is_word_char(normal_cps[i + 1])) ++want_pairs;
  }
  CHECK(chars == want_chars);
  CHECK(pairs == want_pairs);
  std::vector<std::string> word_texts;
  for (const auto& w : zh::text::words(text)) word_texts.push_back(w.text);
  CHECK(word_texts == texts_of(tokens, TokenKind::Word));
  std::vector<Token> reused = analyze("用过的向量 reused vector");
  analyze(text, reused);
  REQUIRE(reused.size() == tokens.size());
  for (std::size_t i = 0; i < tokens.size(); ++i) {
    CHECK(reused[i].text == tokens[i].text);
    CHECK(reused[i].begin == tokens[i].begin);
    CHECK(reused[i].end == tokens[i].end);
    CHECK(reused[i].kind == tokens[i].kind);
  }
}

std::vector<Token> analyze_checked(const std::string& text) {
  auto tokens = analyze(text);
  check_stream(text, tokens);
  return tokens;
}

struct Spanned {
  std::string text;
  std::string source;  // the slice of the original
  bool operator==(const Spanned&) const = default;
};
std::ostream& operator<<(std::ostream& os, const Spanned& s) { return os << s.text << "<-" << s.source; }

std::vector<Spanned> spanned(const std::string& text, const std::vector<Token>& tokens, TokenKind kind) {
  std::vector<Spanned> out;
  for (const auto& t : tokens)
    if (t.kind == kind) out.push_back({t.text, text.substr(t.begin, t.end - t.begin)});
  return out;
}

}  // namespace

TEST_CASE("pairs span word boundaries, so any substring can be found") {
  const std::string text = "小团队，大责任";
  const auto tokens = analyze_checked(text);
  CHECK(texts_of(tokens, TokenKind::Pair) == std::vector<std::string>{"小团", "团队", "大责", "责任"});
  CHECK(texts_of(tokens, TokenKind::Char) == std::vector<std::string>{"小", "团", "队", "大", "责", "任"});
}

TEST_CASE("ICU words are normalized and keep their original spans") {
  const std::string text = "OpenAI的團隊用ＧＰＴ-3";
  const auto tokens = analyze_checked(text);
  const auto words = spanned(text, tokens, TokenKind::Word);
  for (const Spanned& want : {Spanned{"openai", "OpenAI"}, Spanned{"团队", "團隊"}, Spanned{"gpt", "ＧＰＴ"}, Spanned{"3", "3"}}) {
    INFO(want);
    CHECK(std::find(words.begin(), words.end(), want) != words.end());
  }
}

TEST_CASE("mixed scripts pair across the boundary; spaces break pairs") {
  const std::string text = "的API 说";
  const auto tokens = analyze_checked(text);
  CHECK(spanned(text, tokens, TokenKind::Pair) ==
        std::vector<Spanned>{{"的a", "的A"}, {"ap", "AP"}, {"pi", "PI"}});
  CHECK(texts_of(tokens, TokenKind::Char) == std::vector<std::string>{"的", "a", "p", "i", "说"});
}

TEST_CASE("empty and punctuation-only input") {
  CHECK(analyze_checked("").empty());
  CHECK(analyze_checked("，。！ \n\t...").empty());
  CHECK(zh::text::words("").empty());
}

TEST_CASE("full-width, Traditional and case fold into the terms, spans stay on the original") {
  const std::string text = "ＡＢ１２團";
  const auto tokens = analyze_checked(text);
  CHECK(spanned(text, tokens, TokenKind::Char) ==
        std::vector<Spanned>{{"a", "Ａ"}, {"b", "Ｂ"}, {"1", "１"}, {"2", "２"}, {"团", "團"}});
  CHECK(spanned(text, tokens, TokenKind::Pair) ==
        std::vector<Spanned>{{"ab", "ＡＢ"}, {"b1", "Ｂ１"}, {"12", "１２"}, {"2团", "２團"}});
}

TEST_CASE("a fold longer than one code point: both characters keep the source's span") {
  const std::string text = "ﬁx";  // U+FB01 folds to "fi"
  const auto tokens = analyze_checked(text);
  CHECK(spanned(text, tokens, TokenKind::Char) == std::vector<Spanned>{{"f", "ﬁ"}, {"i", "ﬁ"}, {"x", "x"}});
  CHECK(spanned(text, tokens, TokenKind::Pair) == std::vector<Spanned>{{"fi", "ﬁ"}, {"ix", "ﬁx"}});
  CHECK(texts_of(tokens, TokenKind::Word) == std::vector<std::string>{"fix"});
}

TEST_CASE("a soft hyphen folds to nothing: the pair around it spans it") {
  const std::string text = "a\u00ADb";
  const auto tokens = analyze_checked(text);
  CHECK(spanned(text, tokens, TokenKind::Pair) == std::vector<Spanned>{{"ab", "a\u00ADb"}});
  CHECK(spanned(text, tokens, TokenKind::Char) == std::vector<Spanned>{{"a", "a"}, {"b", "b"}});
}

TEST_CASE("combining marks are word characters of their own") {
  const std::string text = "e\u0301";  // e + COMBINING ACUTE: two code points, NFKC per code point
  const auto tokens = analyze_checked(text);
  CHECK(texts_of(tokens, TokenKind::Char).size() == 2);
  CHECK(spanned(text, tokens, TokenKind::Pair) == std::vector<Spanned>{{"e\u0301", "e\u0301"}});
}

TEST_CASE("emoji and astral ideographs: astral spans are four bytes, emoji are not word characters") {
  const std::string text = "𠀀好😀";
  const auto tokens = analyze_checked(text);
  CHECK(spanned(text, tokens, TokenKind::Char) == std::vector<Spanned>{{"𠀀", "𠀀"}, {"好", "好"}});
  CHECK(spanned(text, tokens, TokenKind::Pair) == std::vector<Spanned>{{"𠀀好", "𠀀好"}});
}

TEST_CASE("stream invariants hold for many generated strings") {
  // Pools of code points by family; the generator writes only valid UTF-8.
  const std::vector<std::vector<char32_t>> pools = {
      {U'小', U'团', U'队', U'大', U'责', U'任', U'的', U'人', U'工', U'智', U'能', U'中', U'文'},      // Simplified
      {U'團', U'隊', U'責', U'體', U'著', U'臺', U'灣', U'國', U'語', U'苧', U'苎', U'薴'},          // Traditional
      {U'a', U'b', U'z', U'A', U'Q', U'Z', U'x', U'i', U'f'},                                          // Latin
      {U'0', U'1', U'7', U'9'},                                                                         // digits
      {U'Ａ', U'ｚ', U'０', U'９', U'，', U'！', U'\u3000', U'ｶ'},                                    // full-width
      {U'\U0001F600', U'\U0001F44D', U'\U0001F3FD', U'\u200D', U'\uFE0F', U'\U0001F1E8', U'\U0001F1F3'},  // emoji
      {U'\u0301', U'\u0308', U'\u20DD', U'\u093F'},                                                     // combining marks
      {U' ', U'\n', U'\t', U'，', U'。', U'-', U'.', U'\'', U'·', U'、', U'（'},                      // space, punctuation
      {U'\u00AD', U'ﬁ', U'ß', U'İ', U'ǅ', U'㍱', U'①', U'\uFDFA'},                                     // odd folds
      {U'\U00020000', U'\U0002A6D6', U'한', U'글', U'あ', U'カ', U'ー', U'ก', U'ا'},                    // astral, other scripts
  };
  std::mt19937 rng(20260421);
  for (int n = 0; n < 3000; ++n) {
    std::string text;
    const int length = static_cast<int>(rng() % 24);
    for (int i = 0; i < length; ++i) {
      const auto& pool = pools[rng() % pools.size()];
      text += utf8_of(pool[rng() % pool.size()]);
    }
    REQUIRE(zh::text::find_invalid_utf8(text) == std::string::npos);
    analyze_checked(text);
  }
}
