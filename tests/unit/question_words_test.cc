// Question words at the ranked levels: blanked in any script, never inside
// names, and never at the exact level.
#include <catch2/catch.hpp>

#include "search/query_parser.h"
#include "search/query_plan.h"
#include "text/question_words.h"

using namespace zh;
using namespace zh::search;

namespace {
std::string ranked_description(const std::string& question, RankingParams params = {}) {
  return make_plan(parse_query(question), MatchLevel::AnyWord, params).query.get_description();
}
}  // namespace

TEST_CASE("text::blank_question_words: found through the normal form, the rest keeps its script") {
  CHECK(text::blank_question_words("王连是什么时候被封为平阳亭侯的") == "王连是 被封为平阳亭侯的");
  CHECK(text::blank_question_words("王連是什麼時候被封為平陽亭侯的") == "王連是 被封為平陽亭侯的");
  CHECK(text::blank_question_words("柏林圍牆在哪一年時倒塌？") == "柏林圍牆在 時倒塌？");
  CHECK(text::blank_question_words("是誰做出了東德的國歌？") == "是 做出了東德的國歌？");
  CHECK(text::blank_question_words("ＡＢＣ是谁") == "ＡＢＣ是 ");
}

TEST_CASE("text::blank_question_words: names that hold question characters are left alone") {
  CHECK(text::blank_question_words("多倫多大學創立於1827年") == "多倫多大學創立於1827年");
  CHECK(text::blank_question_words("几何学与何氏家族") == "几何学与何氏家族");
  CHECK(text::blank_question_words("") == "");
}

TEST_CASE("text::is_function_word: one list for function words and the question words among them") {
  for (const char* w : {"的", "是", "年", "这个", "什么", "哪里", "为什么", "是否", "何时"}) CHECK(text::is_function_word(w));
  // Question words that are blanked, not function words; and content words.
  for (const char* w : {"什么时候", "哪一年", "多久", "啥", "平阳", "团队", ""}) CHECK_FALSE(text::is_function_word(w));
}

TEST_CASE("ranked plans: no term from a question word or a pair touching it") {
  const std::string q = ranked_description("王连是什么时候被封为平阳亭侯的？");
  CHECK(q.find("平阳") != std::string::npos);
  for (const char* noise : {"什么", "B是什", "B么时", "B时候", "B候被"}) CHECK(q.find(noise) == std::string::npos);
  RankingParams keep;
  keep.drop_question_words = false;
  CHECK(ranked_description("王连是什么时候被封为平阳亭侯的？", keep).find("B是什") != std::string::npos);
}

TEST_CASE("ranked plans: a question made only of question words still searches for them") {
  CHECK_FALSE(make_plan(parse_query("什么"), MatchLevel::AnyWord, {}).query.empty());
  CHECK_FALSE(make_plan(parse_query("什么？"), MatchLevel::AnyWord, {}).query.empty());
}

TEST_CASE("exact plans keep every character the user typed") {
  const QueryPlan plan = make_plan(parse_query("什么时候"), MatchLevel::Exact, {});
  REQUIRE(plan.candidates.clauses.size() == 1);
  CHECK(plan.candidates.clauses.front() == std::vector<std::vector<std::string>>{{"B什么", "B么时", "B时候"}});
}

TEST_CASE("ranked plans: long questions keep only elite_terms terms") {
  const std::string long_question = "在1828年與1832年美國國會通過提高歐洲工業產品的關稅，南方各州擔心衝擊出口，通過哪一個法規反制?";
  CHECK(ranked_description(long_question).find("ELITE_SET 20") != std::string::npos);
  CHECK(ranked_description("平阳亭侯").find("ELITE_SET") == std::string::npos);
  RankingParams all;
  all.elite_terms = 0;
  CHECK(ranked_description(long_question, all).find("ELITE_SET") == std::string::npos);
}
