#include <catch2/catch.hpp>

#include <string>
#include <thread>
#include <vector>

#include "text/normalizer.h"

using zh::text::fold;
using zh::text::normalize;

TEST_CASE("fold: NFKC_Casefold then Traditional->Simplified, one code point at a time") {
  struct Row { char32_t in; const char* out; };
  const Row rows[] = {
      {U'A', "a"},     {U'Ａ', "a"},  {U'３', "3"},  {U'團', "团"}, {U'隊', "队"},
      {U'著', "着"},   // alone, 著 becomes 着 (in 著名 the transform would keep it)
      {U'\u00AD', ""},  // soft hyphen disappears
      {U'ﬁ', "fi"},    {U'，', ","},   {U'\u3000', " "}, {U'中', "中"},
  };
  for (const auto& r : rows) {
    INFO("code point U+" << std::hex << static_cast<unsigned>(r.in));
    CHECK(fold(r.in) == r.out);
  }
}

TEST_CASE("normalize: a substring's normal form is a substring of the text's") {
  const std::string text = "著名的團隊用ＧＰＴ-３做了DALL·E";
  CHECK(normalize(text) == "着名的团队用gpt-3做了dall·e");
  CHECK(normalize(text).find(normalize("團隊")) != std::string::npos);
  CHECK(normalize("") == "");
}

TEST_CASE("normalize_with_origins maps every normal byte back to its source code point") {
  const std::string text = "Ａ團b";
  const auto n = zh::text::normalize_with_origins(text);
  REQUIRE(n.text == "a团b");
  // Every byte, so a short or shifted origin vector cannot pass.
  using V = std::vector<std::uint32_t>;
  CHECK(n.origin_begin == V{0, 3, 3, 3, 6});  // Ａ is 3 bytes, 團 3 bytes
  CHECK(n.origin_end == V{3, 6, 6, 6, 7});
  const auto empty = zh::text::normalize_with_origins("");
  CHECK(empty.text.empty());
  CHECK(empty.origin_begin.empty());
  CHECK(empty.origin_end.empty());
  // A code point that folds to nothing leaves no byte; one that folds to two
  // leaves two bytes pointing at it.
  const auto gone = zh::text::normalize_with_origins("a\u00ADﬁ");
  CHECK(gone.text == "afi");
  CHECK(gone.origin_begin == V{0, 3, 3});
  CHECK(gone.origin_end == V{1, 6, 6});
}

TEST_CASE("character classes") {
  CHECK(zh::text::is_word_char(U'团'));
  CHECK(zh::text::is_word_char(U'a'));
  CHECK(zh::text::is_word_char(U'7'));
  CHECK_FALSE(zh::text::is_word_char(U','));
  CHECK_FALSE(zh::text::is_word_char(U'。'));
  CHECK(zh::text::is_space(U' '));
  CHECK(zh::text::is_space(U'\n'));
  CHECK_FALSE(zh::text::is_space(U'团'));
}

// Issue 7 (found by the text fuzzer): ICU's Traditional->Simplified maps
// 苎 -> 苧 and 苧 -> 苎, so 苎 and 苧 could not find each other.
TEST_CASE("normalize is idempotent for every code point (regression: 苎/苧 cycle)") {
  CHECK(normalize("苎") == normalize("苧"));
  CHECK(normalize("薴") == normalize("苧"));
  std::size_t failures = 0;
  for (char32_t c = 1; c < 0x110000; ++c) {
    if (c >= 0xD800 && c <= 0xDFFF) continue;
    const std::string once(fold(c));
    if (normalize(once) != once && ++failures <= 5) FAIL_CHECK("U+" << std::hex << static_cast<unsigned>(c));
  }
  CHECK(failures == 0);
}

TEST_CASE("fold: threads filling the shared table at once all see the same forms") {
  // Code points no other test folds (Hangul syllables, CJK Extension A,
  // compatibility forms whose folds are long, astral ideographs), each
  // thread in its own order, so that first sightings race.
  std::vector<char32_t> points;
  for (char32_t c = 0xAC00; c < 0xAC00 + 3000; c += 3) points.push_back(c);
  for (char32_t c = 0x3400; c < 0x3400 + 1500; c += 2) points.push_back(c);
  for (char32_t c : {U'\uFDFA', U'\uFDFB', U'\u3371', U'\u33FF', U'\U00020000', U'\U0002A6D6', U'\U0001F600'})
    points.push_back(c);
  constexpr int kThreads = 8;
  std::vector<std::vector<std::string>> seen(kThreads, std::vector<std::string>(points.size()));
  {
    std::vector<std::thread> threads;
    for (int t = 0; t < kThreads; ++t)
      threads.emplace_back([&, t] {
        for (std::size_t k = 0; k < points.size(); ++k) {
          const std::size_t i = (k * 7919 + static_cast<std::size_t>(t) * 131) % points.size();
          seen[t][i] = std::string(fold(points[i]));
        }
      });
    for (auto& th : threads) th.join();
  }
  for (std::size_t i = 0; i < points.size(); ++i)
    for (int t = 1; t < kThreads; ++t) REQUIRE(seen[t][i] == seen[0][i]);
  CHECK(seen[0][points.size() - 7].size() > 7);  // U+FDFA's form is long: the slow path ran too
  CHECK(std::string(fold(U'\uFDFA')) == seen[0][points.size() - 7]);
}
