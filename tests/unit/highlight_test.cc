#include <catch2/catch.hpp>

#include "search/highlight.h"

using namespace zh;
using namespace zh::search;

TEST_CASE("highlights map normal-form matches back to original bytes") {
  const std::string text = "小團隊和小团队";
  const auto spans = find_highlights(text, {"小团队"});
  REQUIRE(spans.size() == 2);
  CHECK(text.substr(spans[0].begin, spans[0].end - spans[0].begin) == "小團隊");
  CHECK(text.substr(spans[1].begin, spans[1].end - spans[1].begin) == "小团队");
  const auto cps = to_code_point_spans(text, spans);
  CHECK(cps[0] == Span{0, 3});
  CHECK(cps[1] == Span{4, 7});
}

TEST_CASE("overlapping matches merge; full-width Latin matches") {
  const std::string text = "ＧＰＴ-3 and gpt";
  const auto spans = find_highlights(text, {"gpt", "gpt-3"});
  REQUIRE(spans.size() == 2);
  CHECK(text.substr(spans[0].begin, spans[0].end - spans[0].begin) == "ＧＰＴ-3");
  CHECK(find_highlights("", {"a"}).empty());
  CHECK(find_highlights("abc", {""}).empty());
}
