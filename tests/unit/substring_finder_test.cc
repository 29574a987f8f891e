// text::SubstringFinder (text/substring_finder.h), which verifies every
// candidate of the exact level, against std::string_view::find.
#include <catch2/catch.hpp>

#include <random>
#include <string>
#include <vector>

#include "text/substring_finder.h"

using zh::text::SubstringFinder;

namespace {

// Texts built from a few pieces, so that near misses (one probe byte
// right, the other wrong; a match cut by the end) are common.
std::string random_text(std::mt19937& rng, const std::vector<std::string>& pieces, std::size_t max_pieces) {
  std::string s;
  const std::size_t n = std::uniform_int_distribution<std::size_t>(0, max_pieces)(rng);
  for (std::size_t i = 0; i < n; ++i) s += pieces[std::uniform_int_distribution<std::size_t>(0, pieces.size() - 1)(rng)];
  return s;
}

}  // namespace

TEST_CASE("substring finder: finds exactly what std::string_view::find finds") {
  // Characters sharing lead or continuation bytes with one another
  // (团 E5 9B A2, 队 E9 98 9F, 国 E5 9B BD, 图 E5 9B BE), ASCII, and a
  // 4-byte character.
  const std::vector<std::string> pieces = {"团", "队", "国", "图", "小", "a", "b", "GPT", "-", "3", " ", "\xF0\x9F\x98\x80"};
  std::mt19937 rng(20261129);
  std::size_t found = 0, checked = 0;
  for (int round = 0; round < 3000; ++round) {
    const std::string needle = random_text(rng, pieces, 4);
    const SubstringFinder finder(needle);
    for (int t = 0; t < 20; ++t) {
      // Long texts cross several 16-byte blocks; short ones only the tail loop.
      const std::string text = random_text(rng, pieces, t % 2 == 0 ? 8 : 120);
      const bool expected = std::string_view(text).find(needle) != std::string_view::npos;
      INFO("needle \"" << needle << "\" text \"" << text << "\"");
      REQUIRE(finder.found_in(text) == expected);
      found += expected;
      ++checked;
    }
  }
  // Both outcomes were exercised often.
  CHECK(found > checked / 10);
  CHECK(found < checked * 9 / 10);
}

TEST_CASE("substring finder: edges") {
  CHECK(SubstringFinder("").found_in(""));
  CHECK(SubstringFinder("").found_in("团队"));
  CHECK_FALSE(SubstringFinder("团").found_in(""));
  CHECK(SubstringFinder("a").found_in("xxa"));
  CHECK_FALSE(SubstringFinder("团队").found_in("团"));
  // A match that ends on the text's last byte, at every length around a
  // 16-byte block.
  for (std::size_t pad = 0; pad < 40; ++pad) {
    const std::string text = std::string(pad, 'x') + "小团队";
    CHECK(SubstringFinder("小团队").found_in(text));
    CHECK_FALSE(SubstringFinder("小团队").found_in(text.substr(0, text.size() - 1)));
    CHECK(SubstringFinder("x小").found_in(text) == (pad > 0));
  }
  // The needle's probe bytes agree but the rest does not: 团 and 国 share
  // their first two bytes.
  CHECK_FALSE(SubstringFinder("团队").found_in(std::string(50, 'y') + "国队团图"));
}
