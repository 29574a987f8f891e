#include <catch2/catch.hpp>

#include "common/error.h"
#include "search/query_parser.h"

using namespace zh;
using namespace zh::search;

TEST_CASE("query syntax") {
  const auto q = parse_query("小团队 \"大 模型\" -广告 AI OR 人工智能 tag:AI author:Sam year:2025 gpt*");
  REQUIRE(q.required.size() == 4);
  CHECK(q.required[0].alternatives[0].text == "小团队");
  CHECK(q.required[1].alternatives[0].text == "大 模型");
  CHECK(q.required[1].alternatives[0].quoted);
  REQUIRE(q.required[2].alternatives.size() == 2);
  CHECK(q.required[2].alternatives[1].text == "人工智能");
  CHECK(q.required[3].alternatives[0].text == "gpt");
  REQUIRE(q.excluded.size() == 1);
  CHECK(q.excluded[0].text == "广告");
  CHECK(q.tags == std::vector<std::string>{"AI"});
  CHECK(q.authors == std::vector<std::string>{"Sam"});
  CHECK(q.years == std::vector<std::string>{"2025"});
}

TEST_CASE("GPT-3 and DALL-E are one part each, not exclusions") {
  const auto q = parse_query("GPT-3 DALL-E");
  REQUIRE(q.required.size() == 2);
  CHECK(q.excluded.empty());
}

TEST_CASE("bad queries are usage errors that say what to fix") {
  const char* bad[] = {"", "   ", "，，。", "\"小团队", "year:20x 团队", "OR 团队", "团队 OR", "-广告", "tag:AI"};
  for (const char* q : bad) {
    INFO("query: " << q);
    CHECK_THROWS_AS(parse_query(q), zh::UsageError);
  }
  CHECK_THROWS_AS(parse_query(std::string(10000, 'a')), zh::UsageError);
  CHECK_THROWS_AS(parse_query("\xFF\xFE"), zh::UsageError);
}

TEST_CASE("unbalanced parentheses are literal text") {
  const auto q = parse_query("(小团队");
  REQUIRE(q.required.size() == 1);
  CHECK(q.required[0].alternatives[0].text == "(小团队");
}

TEST_CASE("literal queries keep every character") {
  const auto q = literal_query("-\"OR\" tag:x");
  REQUIRE(q.required.size() == 1);
  CHECK(q.required[0].alternatives[0].text == "-\"OR\" tag:x");
}
