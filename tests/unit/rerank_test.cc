// Second-stage ranking by passage text, and the ranking parameters.
#include <catch2/catch.hpp>

#include "common/error.h"
#include "text/normalizer.h"
#include "search/ranking.h"
#include "search/rerank.h"

using namespace zh;
using namespace zh;
using namespace zh::search;

namespace {
RerankQuery query_of(const std::string& text, std::vector<std::string> words = {}) {
  return make_rerank_query({text::normalize(text)}, std::move(words));
}
}  // namespace

TEST_CASE("phrase_share: the share of the query inside runs of three or more characters found in the text") {
  struct Row {
    const char* query;
    const char* text;
    double share;
  };
  const Row rows[] = {
      {"最早的古栽培稻在哪里", "世界上最早的古栽培稻发现于湖南", 0.7},  // 7 of 10 characters
      {"最早的古栽培稻在哪里", "栽培 最早 稻 古", 0.0},                 // the characters, but no run of 3
      {"小团队", "这是小团队的故事", 1.0},
      {"小团队", "小团长说团队", 0.0},                                     // the pairs, not the string
      {"GPT-3 API", "openai opened the gpt-3 api in june", 6.0 / 7.0},  // gpt, api; "3" alone is too short
      {"，。", "任何文字", 0.0},                                         // nothing to cover
  };
  for (const auto& r : rows) {
    INFO(r.query << " in " << r.text);
    CHECK(phrase_share(query_of(r.query), text::normalize(r.text)) == Approx(r.share));
  }
}

TEST_CASE("phrase_share: separate parts never join into one run") {
  const RerankQuery q = make_rerank_query({"小团", "队伍"}, {});
  CHECK(q.characters.size() == 5);
  CHECK(phrase_share(q, "小团队伍", 3) == Approx(0.0));
  CHECK(phrase_share(q, "小团队伍", 2) == Approx(1.0));
}

TEST_CASE("word_share: the share of content words found") {
  const RerankQuery q = query_of("", {"红杉", "资本", "投资"});
  CHECK(word_share(q, "红杉资本的合伙人") == Approx(2.0 / 3.0));
  CHECK(word_share(query_of("x"), "anything") == 0);
}

TEST_CASE("proximity: the found words' length over the narrowest span holding one of each") {
  const RerankQuery q = query_of("", {"红杉", "资本", "投资"});
  CHECK(proximity(q, "红杉资本") == Approx(1.0));
  // 红杉 ... 资本 with six characters between: 12 bytes of words over a 30-byte span.
  CHECK(proximity(q, "红杉和别的六个字资本") == Approx(12.0 / 30.0));
  // The closest pair of occurrences counts, wherever it is.
  CHECK(proximity(q, "红杉很远很远很远很远的地方，资本红杉") == Approx(1.0));
  CHECK(proximity(q, "只有红杉") == 0);  // one word found: nothing to be close to
  CHECK(proximity(q, "") == 0);
  CHECK(proximity(query_of("x"), "anything") == 0);
}

TEST_CASE("label_share: how much of a title or heading the question repeats") {
  const RerankQuery q = query_of("大莱龙铁路一共投资多少亿元？");
  CHECK(label_share(q, text::normalize("大莱龙铁路")) == Approx(1.0));
  CHECK(label_share(q, text::normalize("德龙烟铁路")) == Approx(2.0 / 5.0));  // 铁路
  // A bracketed qualifier is not part of the name, in either width.
  CHECK(label_share(query_of("大曲车站的地址是哪里？"), text::normalize("大曲车站 (秋田县)")) == Approx(1.0));
  CHECK(label_share(query_of("大曲车站的地址是哪里？"), text::normalize("大曲车站（青森县）")) == Approx(1.0));
  // Traditional titles meet Simplified questions through the normal form.
  CHECK(label_share(query_of("梵语的发展"), text::normalize("梵語")) == Approx(1.0));
  // The run must be consecutive in the question, not across a gap.
  CHECK(label_share(query_of("龙烟 铁路"), text::normalize("龙烟铁路")) == Approx(0.5));
  CHECK(label_share(q, text::normalize("铁")) == 0);  // one character names nothing
  CHECK(label_share(q, "") == 0);
  // A huge title costs no more than its first 64 characters.
  std::string huge;
  for (int i = 0; i < 100000; ++i) huge += "大莱龙铁路";
  CHECK(label_share(q, huge) == Approx(5.0 / 64.0));
  CHECK(label_share(query_of(""), text::normalize("大莱龙铁路")) == 0);
}

TEST_CASE("rerank: a hit whose title the question names moves above a slightly heavier one") {
  const RerankQuery q = query_of("大莱龙铁路一共投资多少亿元", {"铁路", "投资", "亿元"});
  const std::string text = text::normalize("铁路全长一百公里，投资三十亿元");
  const std::vector<RerankCandidate> candidates = {{10.0, text, text::normalize("德龙烟铁路"), ""},
                                                   {9.5, text, text::normalize("大莱龙铁路"), ""},
                                                   {9.0, text, "", text::normalize("大莱龙铁路")}};
  RankingParams params;
  auto order = rerank(candidates, q, params);
  CHECK(order[0].index == 1);
  CHECK(order[1].index == 2);  // a section heading counts as a title does
  params.title = 0;
  order = rerank(candidates, q, params);
  CHECK(order[0].index == 0);
}

TEST_CASE("rerank: text evidence reorders close weights, switched off it keeps Xapian's order") {
  const RerankQuery q = query_of("世界上最早的古栽培稻在哪里发现", {"世界", "最早", "栽培", "发现"});
  const std::vector<RerankCandidate> candidates = {
      {10.0, text::normalize("栽培 栽培 世界 发现 稻 古"), "", ""},
      {9.0, text::normalize("世界上最早的古栽培稻发现于湖南"), "", ""},
      {4.0, text::normalize("世界上最早的古栽培稻在哪里发现"), "", ""}};
  RankingParams params;
  auto order = rerank(candidates, q, params);
  REQUIRE(order.size() == 3);
  CHECK(order[0].index == 1);  // a long run of the question outweighs a 10 % lower weight
  CHECK(order[1].index == 0);  // a far lower weight is not rescued by its text alone
  params.phrase = 0;
  params.coverage = 0;
  params.proximity = 0;
  order = rerank(candidates, q, params);
  CHECK(order[0].index == 0);
  CHECK(order[1].index == 1);
  CHECK(order[2].index == 2);
  CHECK(rerank({}, q, RankingParams{}).empty());
}

TEST_CASE("ranking parameters: set by name, bad names and values are usage errors") {
  RankingParams p;
  set_ranking_param(p, "phrase=0");
  set_ranking_param(p, "k1=1.2");
  set_ranking_param(p, "all_words_level=1");
  CHECK(p.phrase == 0);
  CHECK(p.k1 == Approx(1.2));
  CHECK(p.all_words_level);
  CHECK(describe(p).find("k1=1.2") != std::string::npos);
  set_ranking_param(p, "k1=1;b=0.5");
  CHECK(p.k1 == Approx(1.0));
  CHECK(p.b == Approx(0.5));
  for (const char* bad : {"phrase", "nope=1", "k1=abc", "b=-1", "k1=nan", "k1=", "=1", "k1=1;", ";"}) {
    INFO(bad);
    CHECK_THROWS_AS(set_ranking_param(p, bad), UsageError);
  }
}
