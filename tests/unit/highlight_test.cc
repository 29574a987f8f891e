// find_highlights (search/highlight.h): a table of texts and needles
// against the expected original slices, each row also checked for the
// span invariants and against a brute-force oracle.
#include <catch2/catch.hpp>

#include <algorithm>
#include <ostream>
#include <random>
#include <string>
#include <vector>

#include "search/highlight.h"
#include "text/normalizer.h"
#include "text/utf8.h"

using namespace zh;
using namespace zh::search;

namespace zh::search {
std::ostream& operator<<(std::ostream& os, const Span& s) { return os << "[" << s.begin << "," << s.end << ")"; }
}  // namespace zh::search

namespace {

std::string slice(std::string_view text, const Span& s) { return std::string(text.substr(s.begin, s.end - s.begin)); }

bool is_boundary(std::string_view text, std::uint32_t at) {
  return at == text.size() || (at < text.size() && (static_cast<unsigned char>(text[at]) & 0xC0) != 0x80);
}

struct CodePoint {
  std::uint32_t begin, end;  // bytes of the original
  std::string normal;        // its fold
};

std::vector<CodePoint> code_points(std::string_view text) {
  std::vector<CodePoint> out;
  for (std::size_t pos = 0; pos < text.size();) {
    const auto begin = static_cast<std::uint32_t>(pos);
    const char32_t c = text::next_code_point(text, pos);
    out.push_back({begin, static_cast<std::uint32_t>(pos), std::string(text::fold(c))});
  }
  return out;
}

// The contract, by brute force: every occurrence of a non-empty needle in
// the per-code-point normal form, at every byte offset (no find()), mapped
// to the original code points that produced its first and last bytes;
// sorted, and overlapping or touching spans merged.
std::vector<Span> oracle(std::string_view text, const std::vector<std::string>& needles) {
  std::string normal;
  std::vector<std::uint32_t> from_begin, from_end;
  for (const auto& cp : code_points(text)) {
    normal += cp.normal;
    from_begin.insert(from_begin.end(), cp.normal.size(), cp.begin);
    from_end.insert(from_end.end(), cp.normal.size(), cp.end);
  }
  std::vector<Span> spans;
  for (const auto& needle : needles) {
    if (needle.empty()) continue;
    for (std::size_t at = 0; at + needle.size() <= normal.size(); ++at)
      if (normal.compare(at, needle.size(), needle) == 0)
        spans.push_back({from_begin[at], from_end[at + needle.size() - 1]});
  }
  std::sort(spans.begin(), spans.end(), [](const Span& a, const Span& b) { return a.begin < b.begin; });
  std::vector<Span> merged;
  for (const Span& s : spans) {
    if (!merged.empty() && s.begin <= merged.back().end) merged.back().end = std::max(merged.back().end, s.end);
    else merged.push_back(s);
  }
  return merged;
}

// The span invariants: begin < end, in bounds, on code-point boundaries,
// ascending, disjoint and not touching (touching spans are merged). Each
// span's slice normalizes to the needle when it holds one occurrence made
// of whole code points; in general its normal form contains a needle, and
// needle occurrences inside it reach every code point with a non-empty
// fold (no stray code point is highlighted), the first and last included.
void check_invariants(std::string_view text, const std::vector<std::string>& needles, const std::vector<Span>& spans) {
  for (std::size_t i = 0; i < spans.size(); ++i) {
    const Span& s = spans[i];
    INFO("span " << i << " [" << s.begin << "," << s.end << ")");
    REQUIRE(s.begin < s.end);
    REQUIRE(s.end <= text.size());
    CHECK(is_boundary(text, s.begin));
    CHECK(is_boundary(text, s.end));
    if (i > 0) CHECK(spans[i - 1].end < s.begin);
    const std::string original = slice(text, s);
    const auto cps = code_points(original);
    std::string normal;
    std::vector<std::size_t> owner;  // normal byte -> index into cps
    for (std::size_t k = 0; k < cps.size(); ++k) {
      normal += cps[k].normal;
      owner.insert(owner.end(), cps[k].normal.size(), k);
    }
    CHECK(normal == text::normalize(original));
    std::vector<bool> reached(cps.size(), false);
    bool any = false;
    for (const auto& needle : needles) {
      if (needle.empty()) continue;
      for (std::size_t at = normal.find(needle); at != std::string::npos; at = normal.find(needle, at + 1)) {
        any = true;
        for (std::size_t b = at; b < at + needle.size(); ++b) reached[owner[b]] = true;
      }
    }
    INFO("slice \"" << original << "\" normalizes to \"" << normal << "\"");
    CHECK(any);
    CHECK_FALSE(cps.front().normal.empty());
    CHECK_FALSE(cps.back().normal.empty());
    for (std::size_t k = 0; k < cps.size(); ++k)
      if (!cps[k].normal.empty()) CHECK(reached[k]);
  }
}

struct Row {
  const char* name;
  std::string text;
  std::vector<std::string> needles;  // normal forms
  std::vector<std::string> slices;   // the expected original slices, in order
};

}  // namespace

TEST_CASE("highlights: a table of texts and needles, each checked for the span invariants") {
  const std::vector<Row> rows = {
      {"Simplified needle, Traditional and Simplified text", "小團隊和小团队", {"小团队"}, {"小團隊", "小团队"}},
      {"Traditional in the middle", "我们的團隊很好", {"团队"}, {"團隊"}},
      {"full-width Latin", "用ＧＰＴ写", {"gpt"}, {"ＧＰＴ"}},
      {"full-width digits", "２０２５年", {"2025"}, {"２０２５"}},
      {"half-width punctuation", "a,b", {"a,b"}, {"a,b"}},
      {"full-width comma folds to a half-width one", "甲，乙", {"甲,乙"}, {"甲，乙"}},
      {"upper and mixed case", "OpenAI and OPENAI and openai", {"openai"}, {"OpenAI", "OPENAI", "openai"}},
      {"needle at the start", "团队很大", {"团队"}, {"团队"}},
      {"needle at the end", "很大的团队", {"团队"}, {"团队"}},
      {"needle is the whole text", "团队", {"团队"}, {"团队"}},
      {"overlapping occurrences merge", "aaaa", {"aaa"}, {"aaaa"}},
      {"overlapping needles merge", "ＧＰＴ-3 and gpt", {"gpt", "gpt-3"}, {"ＧＰＴ-3", "gpt"}},
      {"adjacent occurrences merge", "团队团队", {"团队"}, {"团队团队"}},
      {"adjacent different needles merge", "小团队大责任", {"小团队", "大责任"}, {"小团队大责任"}},
      {"occurrences one character apart stay apart", "团队和团队", {"团队"}, {"团队", "团队"}},
      {"multiple needles", "人工智能和AI都在这里", {"ai", "人工智能"}, {"人工智能", "AI"}},
      {"a needle across punctuation", "GPT-3.5 发布", {"gpt-3.5"}, {"GPT-3.5"}},
      {"a needle across a space", "hello  world", {"o  w"}, {"o  w"}},
      {"emoji needle", "好😀好", {"😀"}, {"😀"}},
      {"emoji around an astral ideograph", "😀𠀀😀", {"𠀀"}, {"𠀀"}},
      {"astral ideograph with a BMP one", "a𠀀b好", {"𠀀b好"}, {"𠀀b好"}},
      {"combining mark in the text and the needle", "cafe\u0301!", {"cafe\u0301"}, {"cafe\u0301"}},
      {"a needle ending before a combining mark stops at the base", "cafe\u0301", {"cafe"}, {"cafe"}},
      {"a soft hyphen inside a match is spanned", "inter\u00ADnational", {"rn"}, {"r\u00ADn"}},
      {"a fold of two letters, needle of the second one", "ﬁx", {"i"}, {"ﬁ"}},
      {"a fold of two letters, whole", "ﬁ and fi", {"fi"}, {"ﬁ", "fi"}},
      {"sharp s folds to ss", "Straße", {"strasse"}, {"Straße"}},
      {"needle absent", "小团队", {"大团队"}, {}},
      {"empty needle ignored", "abc", {""}, {}},
      {"empty needle among others", "abc", {"", "b"}, {"b"}},
      {"no needles", "abc", {}, {}},
      {"empty text", "", {"a"}, {}},
      {"needle longer than the text", "团", {"团队"}, {}},
      {"ASCII in a CJK run of the same letters", "ＡＢＡＢ", {"bab"}, {"ＢＡＢ"}},
  };
  for (const Row& row : rows) {
    INFO(row.name << ": text \"" << row.text << "\"");
    const auto spans = find_highlights(row.text, row.needles);
    check_invariants(row.text, row.needles, spans);
    CHECK(spans == oracle(row.text, row.needles));
    std::vector<std::string> slices;
    for (const Span& s : spans) slices.push_back(slice(row.text, s));
    CHECK(slices == row.slices);
    // A slice holding one whole-code-point occurrence normalizes to the needle.
    if (row.needles.size() == 1)
      for (const auto& s : slices)
        if (text::normalize(s).size() == row.needles[0].size())
          CHECK(text::normalize(s) == row.needles[0]);
  }
}

TEST_CASE("highlights over many generated texts match the oracle and keep the invariants") {
  const std::vector<std::string> alphabet = {"团", "團", "队", "隊", "a", "A", "Ａ", "b", "ｂ", "1", "１", "-", "，", ",",
                                             " ", "😀", "𠀀", "e", "\u0301", "\u00AD", "ﬁ", "i", "ß", "s"};
  std::mt19937 rng(21);
  for (int n = 0; n < 2000; ++n) {
    std::string text;
    for (int i = 0, len = static_cast<int>(rng() % 16); i < len; ++i) text += alphabet[rng() % alphabet.size()];
    // Needles are normal forms of pieces of the text or of the alphabet.
    std::vector<std::string> needles;
    for (int k = 0, count = static_cast<int>(rng() % 3); k <= count; ++k) {
      std::string piece;
      for (int i = 0, len = 1 + static_cast<int>(rng() % 3); i < len; ++i) piece += alphabet[rng() % alphabet.size()];
      needles.push_back(text::normalize(piece));
    }
    INFO("text \"" << text << "\"");
    const auto spans = find_highlights(text, needles);
    check_invariants(text, needles, spans);
    CHECK(spans == oracle(text, needles));
  }
}

TEST_CASE("code-point spans count code points, astral ones as one") {
  const std::string text = "小團隊和小团队";
  const auto spans = find_highlights(text, {"小团队"});
  CHECK(to_code_point_spans(text, spans) == std::vector<Span>{{0, 3}, {4, 7}});
  const std::string astral = "😀𠀀a团";
  CHECK(to_code_point_spans(astral, find_highlights(astral, {"a"})) == std::vector<Span>{{2, 3}});
  CHECK(to_code_point_spans(astral, find_highlights(astral, {"𠀀"})) == std::vector<Span>{{1, 2}});
  CHECK(to_code_point_spans(astral, {}).empty());
}
