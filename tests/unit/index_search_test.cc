// The writer and the searcher together, on real Xapian databases in
// temporary folders.
#include <catch2/catch.hpp>
#include <xapian.h>

#include <algorithm>
#include <iterator>
#include <map>
#include <set>
#include <string>
#include <tuple>
#include <vector>

#include "common/error.h"
#include "index/index_writer.h"
#include "indexer/indexing_run.h"
#include "index/schema.h"
#include "indexer/synonyms.h"
#include "search/engine.h"
#include "search/render_json.h"
#include "test_util.h"

using namespace zh;

namespace {

index::IndexReport index_dir(const std::filesystem::path& db, const std::filesystem::path& dir, bool prune = false) {
  index::IndexOptions o;
  o.db_dir = db;
  o.paths = {dir};
  o.prune = prune;
  o.jobs = 2;
  return index::run_indexing(o);
}

std::vector<std::string> passages_for(search::Engine& engine, const std::string& q, bool literal = false) {
  search::SearchRequest r;
  r.query = q;
  r.limit = 100;
  r.per_doc = 0;
  r.literal = literal;
  r.relax = false;
  std::vector<std::string> out;
  for (const auto& hit : engine.search(r).results) out.push_back(hit.passage);
  std::sort(out.begin(), out.end());
  return out;
}

}  // namespace

TEST_CASE("Ctrl-F matching: substrings across word boundaries, one character, no false hits") {
  test::TempDir tmp;
  // Each paragraph is long enough to stay a passage of its own.
  const std::string pad = "，其余文字只是用来凑足长度的填充内容而已，没有别的意思，请忽略这些字，谢谢合作，再加一些字让它更长";
  tmp.write("docs/a.md", "# 标题\n\n这是小团队的故事" + pad + "。\n\n团队很大，大家很忙" + pad + "。\n\n小团的队伍在这里" +
                             pad + "。\n");
  index_dir(tmp.path() / "db", tmp.path() / "docs");
  search::Engine engine(tmp.path() / "db");
  SECTION("a string that crosses an ICU word boundary") {
    CHECK(passages_for(engine, "小团队").size() == 1);
    CHECK(passages_for(engine, "团队的故").size() == 1);
  }
  SECTION("adjacent pairs that do not form the string are not a match") {
    // 小团 and 团队 both occur, but 小团队 only in the first paragraph.
    const auto hits = passages_for(engine, "小团队");
    REQUIRE(hits.size() == 1);
    CHECK(hits[0].find("小团队") != std::string::npos);
  }
  SECTION("one character") { CHECK(passages_for(engine, "忙").size() == 1); }
  SECTION("Traditional finds Simplified") { CHECK(passages_for(engine, "團隊").size() == 2); }
  SECTION("title text is found in the first passage") { CHECK(passages_for(engine, "标题").size() == 1); }
}

TEST_CASE("a passage's terms carry how often they occur as wdf, short and long terms alike") {
  test::TempDir tmp;
  tmp.write("docs/a.md", "团队团队，团队的 Chat chat CHAT internationalization Internationalization\n");
  index_dir(tmp.path() / "db", tmp.path() / "docs");
  const Xapian::Database db((tmp.path() / "db").string());
  REQUIRE(db.get_doccount() == 1);
  std::map<std::string, Xapian::termcount> wdf;
  const Xapian::Document doc = db.get_document(*db.postlist_begin(""));
  for (auto t = doc.termlist_begin(); t != doc.termlist_end(); ++t) wdf[*t] = t.get_wdf();
  CHECK(wdf["B团队"] == 3);
  CHECK(wdf["U团"] == 3);
  CHECK(wdf["U的"] == 1);
  CHECK(wdf["B队团"] == 1);
  CHECK(wdf["chat"] == 3);
  CHECK(wdf["Uc"] == 3);
  CHECK(wdf["internationalization"] == 2);  // longer than 8 bytes
  CHECK(wdf["Bio"] == 4);                   // two in each "internationalization"
  CHECK(wdf.count("B的c") == 0);            // no pair across a space
}

TEST_CASE("re-indexing replaces a changed file's passages; unchanged files are skipped; prune removes") {
  test::TempDir tmp;
  const auto docs = tmp.path() / "docs";
  tmp.write("docs/a.md", "旧的内容在这里。\n");
  tmp.write("docs/b.md", "另一个文件。\n");
  auto r1 = index_dir(tmp.path() / "db", docs);
  CHECK(r1.added == 2);
  auto r2 = index_dir(tmp.path() / "db", docs);
  CHECK(r2.unchanged == 2);
  CHECK_FALSE(r2.wrote_anything());
  tmp.write("docs/a.md", "新的内容在这里。\n");
  auto r3 = index_dir(tmp.path() / "db", docs);
  CHECK(r3.updated == 1);
  search::Engine engine(tmp.path() / "db");
  CHECK(passages_for(engine, "旧的").empty());
  CHECK(passages_for(engine, "新的").size() == 1);
  std::filesystem::remove(docs / "b.md");
  auto r4 = index_dir(tmp.path() / "db", docs, /*prune=*/true);
  CHECK(r4.removed == 1);
  CHECK(passages_for(engine, "另一个").empty());
  CHECK(passages_for(engine, "新的").size() == 1);  // prune removed only b.md
}

namespace {
std::size_t distinct_terms(const std::filesystem::path& db) {
  Xapian::Database x(db.string());
  return static_cast<std::size_t>(std::distance(x.allterms_begin(), x.allterms_end()));
}
}  // namespace

TEST_CASE("stats: the writer's term count follows adds, edits and removals") {
  test::TempDir tmp;
  const auto db = tmp.path() / "db", docs = tmp.path() / "docs";
  tmp.write("docs/a.md", "旧的内容在这里。\n");
  tmp.write("docs/b.md", "另一个文件，讲鹦鹉。\n");
  index_dir(db, docs);  // the first build: sharded, then merged
  CHECK(search::Engine(db).stats().terms == distinct_terms(db));
  tmp.write("docs/c.md", "全新的字：麒麟、饕餮、魑魅魍魉。\n");
  index_dir(db, docs);  // an incremental run
  const std::size_t with_c = distinct_terms(db);
  CHECK(search::Engine(db).stats().terms == with_c);
  CHECK_FALSE(index_dir(db, docs).wrote_anything());
  index::remove_documents(db, {(docs / "c.md").string()});
  const auto after = search::Engine(db).stats();
  CHECK(after.documents == 2);
  CHECK(after.terms == distinct_terms(db));
  CHECK(*after.terms < with_c);
}

TEST_CASE("a second writer gets a clear error and nothing is lost") {
  test::TempDir tmp;
  tmp.write("docs/a.md", "内容。\n");
  index_dir(tmp.path() / "db", tmp.path() / "docs");
  index::IndexWriter holder(tmp.path() / "db");
  try {
    index_dir(tmp.path() / "db", tmp.path() / "docs");
    FAIL("expected a lock error");
  } catch (const IndexError& e) {
    CHECK(std::string(e.what()).find("locked") != std::string::npos);
  }
  search::Engine engine(tmp.path() / "db");
  CHECK(passages_for(engine, "内容").size() == 1);
}

TEST_CASE("bad files are skipped with a message; the rest is indexed") {
  test::TempDir tmp;
  tmp.write("docs/good.md", "好的文件。\n");
  tmp.write("docs/image.md", std::string("\x89PNG\r\n\x1a\n\0\0\0\rIHDR", 16));
  tmp.write("docs/broken.md", "坏的\xFF字节。\n");
  tmp.write("docs/empty.md", "");
  const auto r = index_dir(tmp.path() / "db", tmp.path() / "docs");
  CHECK(r.failed == 1);
  REQUIRE(r.errors.size() == 1);
  CHECK(r.errors[0].path.ends_with("image.md"));
  REQUIRE(r.warnings.size() == 1);
  CHECK(r.warnings[0].message.find("byte 6") != std::string::npos);
  search::Engine engine(tmp.path() / "db");
  CHECK(passages_for(engine, "好的").size() == 1);
  CHECK(passages_for(engine, "字节").size() == 1);
}

TEST_CASE("per-document collapse, paging and exact totals") {
  test::TempDir tmp;
  std::string text;
  for (int i = 0; i < 12; ++i) text += "第" + std::to_string(i) + "段讲团队的事情，内容足够长，不会被合并到别的段落里面去，所以每段都是一个独立的段落，再加一些字让它更长。\n\n";
  tmp.write("docs/a.md", text);
  tmp.write("docs/b.md", "团队。\n");
  index_dir(tmp.path() / "db", tmp.path() / "docs");
  search::Engine engine(tmp.path() / "db");
  search::SearchRequest r;
  r.query = "团队";
  r.per_doc = 2;
  auto res = engine.search(r);
  CHECK(res.total == 3);
  r.per_doc = 0;
  r.limit = 5;
  r.offset = 10;
  res = engine.search(r);
  CHECK(res.total == 13);
  REQUIRE(res.results.size() == 3);
  CHECK(res.results[0].rank == 11);
}

TEST_CASE("relaxation: a question with no exact match falls back, and says so") {
  test::TempDir tmp;
  tmp.write("docs/a.md", "OpenAI在2020年6月开放了GPT-3的API接口。\n");
  index_dir(tmp.path() / "db", tmp.path() / "docs");
  search::Engine engine(tmp.path() / "db");
  search::SearchRequest r;
  r.query = "OpenAI什么时候开放API";
  auto res = engine.search(r);
  CHECK(res.relaxed);
  CHECK(res.results.size() == 1);
  r.query = "GPT-3";
  res = engine.search(r);  // the positive half: without the exclusion it matches
  CHECK_FALSE(res.relaxed);
  CHECK(res.results.size() == 1);
  r.query = "GPT-3 -API";
  res = engine.search(r);  // the exclusion removed the only match: no relaxation
  CHECK_FALSE(res.relaxed);
  CHECK(res.results.empty());
}

TEST_CASE("ranking: a question naming a document's title ranks that document's passage first") {
  test::TempDir tmp;
  // The same passage under two titles: equal weights, so without the title
  // signal the earlier docid (a.md) comes first.
  const std::string opening = "这一段只是开场白，讲的是别的事情，和问题没有什么关系，用来把下一段变成第二个段落而已，再多写几个字让它够长。\n\n";
  const std::string answer = "这条线路全长一百多公里，一共投资三十亿元，沿途设有十几个车站，每天都有很多旅客乘坐这条线路往返于沿线的城市之间。\n";
  tmp.write("docs/a.md", "# 德龙烟铁路\n\n" + opening + answer);
  tmp.write("docs/b.md", "# 大莱龙铁路\n\n" + opening + answer);
  index_dir(tmp.path() / "db", tmp.path() / "docs");
  search::Engine engine(tmp.path() / "db");
  search::SearchRequest r;
  r.query = "大莱龙铁路一共投资多少亿元？";
  r.per_doc = 0;
  auto rank_of_answer_in = [&](const std::string& title) {
    const auto res = engine.search(r);
    REQUIRE(res.relaxed);
    for (const auto& hit : res.results)
      if (hit.title == title && hit.passage.find("投资") != std::string::npos) return hit.rank;
    FAIL("no answer passage under " << title);  // a missing hit must not pass a comparison
    return std::size_t{0};
  };
  CHECK(rank_of_answer_in("大莱龙铁路") < rank_of_answer_in("德龙烟铁路"));
  r.ranking.title = 0;
  CHECK(rank_of_answer_in("大莱龙铁路") > rank_of_answer_in("德龙烟铁路"));
}

TEST_CASE("labels: title and heading round-trip in normal form, cut on a character boundary") {
  const auto labels = index::schema::decode_labels(index::schema::encode_labels("大曲車站 (秋田縣)", "歷史"));
  CHECK(labels.title == "大曲车站 (秋田县)");
  CHECK(labels.heading == "历史");
  std::string huge;
  for (int i = 0; i < 10000; ++i) huge += "大莱龙铁路";
  const auto cut = index::schema::decode_labels(index::schema::encode_labels(huge, ""));
  CHECK(cut.title.size() <= index::schema::kMaxLabelBytes);
  CHECK(cut.title.size() % 3 == 0);  // whole three-byte characters
  CHECK(cut.heading.empty());
  CHECK(index::schema::encode_labels("", "").empty());
}

TEST_CASE("searching a folder that holds no index is an IndexError") {
  test::TempDir tmp;
  CHECK_THROWS_AS(search::Engine(tmp.path() / "missing"), IndexError);
}

TEST_CASE("synonyms: a group is stored in the index and expands queries") {
  test::TempDir tmp;
  tmp.write("docs/a.md", "人工智能会改变很多行业，这是一段足够长的文字，用来测试同义词扩展是否真的生效了。\n");
  tmp.write("docs/b.md", "AI is changing many industries, a passage long enough to test synonym expansion.\n");
  tmp.write("synonyms.txt", "# comment\n人工智能 AI\n\n");
  index::IndexOptions o;
  o.db_dir = tmp.path() / "db";
  o.paths = {tmp.path() / "docs"};
  o.synonyms_file = tmp.path() / "synonyms.txt";
  index::run_indexing(o);
  search::Engine engine(o.db_dir);
  search::SearchRequest r;
  r.query = "ai";
  r.explain = true;
  const auto res = engine.search(r);
  CHECK(res.total == 2);
  CHECK(std::find(res.explain.begin(), res.explain.end(), "synonym: ai -> 人工智能") != res.explain.end());
  CHECK(passages_for(engine, "ＡＩ").size() == 2);  // full-width, through the same folding
}

TEST_CASE("synonym files with bad lines are usage errors naming the line") {
  CHECK_THROWS_AS(index::parse_synonyms("人工智能 AI\n孤单\n"), UsageError);
  // Issue 21: this was a try/catch with no FAIL, so a parser that accepted
  // the bad line passed. CHECK_THROWS_WITH fails when nothing is thrown.
  using Catch::Matchers::Contains;
  CHECK_THROWS_AS(index::parse_synonyms("a b\nsolo\n"), UsageError);
  CHECK_THROWS_WITH(index::parse_synonyms("a b\nsolo\n"), Contains("line 2"));
  CHECK_THROWS_WITH(index::parse_synonyms("# c\n\nx y\n\xff\xfe z\n"), Contains("line 4") && Contains("UTF-8"));
  CHECK_THROWS_AS(index::parse_synonyms("AI ai\n"), UsageError);  // one entry after folding
  // The good lines around them parse: the errors above are about those lines.
  CHECK(index::parse_synonyms("a b\n# solo\n\n") == index::SynonymGroups{{"a", "b"}});
}

TEST_CASE("exact totals when Xapian stops ranking early: counted per document, false candidates rejected") {
  test::TempDir tmp;
  const std::string pad = "，其余文字只是用来凑足长度的填充内容而已，没有别的意思，请忽略这些字，谢谢合作，再加一些字让它更长";
  // 小团长说团队 holds both pairs of 小团队 but not the string: a candidate
  // that verification must reject.
  const std::vector<std::string> fragments = {"小团队", "小团长说团队", "大团队", "无关"};
  std::mt19937 rng(20261128);
  std::vector<std::vector<int>> hits_per_doc;  // per document: 1 if a passage contains 小团队
  auto write_docs = [&](int first, int count) {
    for (int d = first; d < first + count; ++d) {
      std::string text;
      auto& passages = hits_per_doc.emplace_back();
      for (int p = 0, n = 1 + static_cast<int>(rng() % 8); p < n; ++p) {
        const std::string& f = fragments[rng() % fragments.size()];
        text += "第" + std::to_string(p) + "段" + f + pad + "。\n\n";
        passages.push_back(f == "小团队");
      }
      tmp.write("docs/d" + std::to_string(d) + ".md", text);
    }
  };
  auto expected = [&](std::size_t per_doc) {
    std::size_t total = 0;
    for (const auto& doc : hits_per_doc) {
      std::size_t n = std::count(doc.begin(), doc.end(), 1);
      total += per_doc == 0 ? n : std::min(n, per_doc);
    }
    return total;
  };
  auto total = [&](search::Engine& engine, std::size_t per_doc) {
    search::SearchRequest r;
    r.query = "小团队";
    r.limit = 1;  // Xapian ranks one hit and stops: the total must be counted
    r.per_doc = per_doc;
    return engine.search(r).total;
  };
  write_docs(0, 40);
  index_dir(tmp.path() / "db", tmp.path() / "docs");
  search::Engine engine(tmp.path() / "db");
  REQUIRE(expected(0) > 20);
  for (std::size_t per_doc : {0, 1, 2, 3}) {
    INFO("per_doc " << per_doc);
    CHECK(total(engine, per_doc) == expected(per_doc));
  }
  // An update adds passages at new docids; the same engine sees them.
  hits_per_doc.resize(5);
  tmp.write("docs/d0.md", "小团队" + pad + "。\n\n小团队在这里" + pad + "。\n");
  hits_per_doc[0] = {1, 1};
  for (int d = 5; d < 40; ++d) std::filesystem::remove(tmp.path() / "docs" / ("d" + std::to_string(d) + ".md"));
  write_docs(40, 10);
  index_dir(tmp.path() / "db", tmp.path() / "docs", /*prune=*/true);
  for (std::size_t per_doc : {0, 1, 2}) {
    INFO("after the update, per_doc " << per_doc);
    CHECK(total(engine, per_doc) == expected(per_doc));
  }
  // A rebuild is a new database whose docids mean other passages: the
  // engine's document map must start again, not extend.
  std::rotate(hits_per_doc.begin(), hits_per_doc.begin() + 1, hits_per_doc.end());
  std::filesystem::remove(tmp.path() / "docs" / "d0.md");
  hits_per_doc.pop_back();
  write_docs(60, 40);  // more passages than before, so docids reach past the old map
  index::IndexOptions rebuild;
  rebuild.db_dir = tmp.path() / "db";
  rebuild.paths = {tmp.path() / "docs"};
  rebuild.rebuild = true;
  index::run_indexing(rebuild);
  for (std::size_t per_doc : {0, 1, 2}) {
    INFO("after a rebuild, per_doc " << per_doc);
    CHECK(total(engine, per_doc) == expected(per_doc));
  }
  // Engines of several threads share one map.
  auto shared = search::make_engine_share();
  search::Engine first(tmp.path() / "db", shared), second(tmp.path() / "db", shared);
  CHECK(total(first, 1) == expected(1));
  CHECK(total(second, 1) == expected(1));
}

TEST_CASE("a Ctrl-F for a tag or the source URL finds the document (front matter is searchable)") {
  test::TempDir tmp;
  tmp.write("docs/a.md", "---\ntitle: 访谈\nsource: https://example.com/talk/42\ntags: [\"#OpenAI\"]\n---\n\n正文里没有那个词。\n");
  tmp.write("docs/b.md", "另一篇文章，也没有。\n");
  index_dir(tmp.path() / "db", tmp.path() / "docs");
  search::Engine engine(tmp.path() / "db");
  CHECK(passages_for(engine, "openai", true).size() == 1);
  CHECK(passages_for(engine, "example.com/talk", true).size() == 1);
  CHECK(passages_for(engine, "没有", true).size() == 2);
}

TEST_CASE("a warmed-up engine finds and weighs what a cold one does, and sees later commits") {
  test::TempDir tmp;
  for (int n = 0; n < 30; ++n)
    tmp.write("docs/d" + std::to_string(n) + ".md",
              "# 文件" + std::to_string(n) + "\n\n小团队第" + std::to_string(n) + "号。\n\n另一段，团队" + std::to_string(n) + "。\n");
  index_dir(tmp.path() / "db", tmp.path() / "docs");
  search::Engine warm(tmp.path() / "db");
  warm.warm_up();
  auto ranked = [](search::Engine& e, const std::string& q) {
    search::SearchRequest r;
    r.query = q;
    r.limit = 50;
    const search::SearchResponse resp = e.search(r);
    // Scores too: they depend on term frequencies, which change with commits.
    std::vector<std::tuple<std::string, std::string, double>> out;
    for (const auto& h : resp.results) out.emplace_back(h.doc, h.passage, h.score);
    return std::make_pair(resp.total, out);
  };
  for (const char* q : {"团队", "小团队第1", "团", "另一段"}) {
    search::Engine cold(tmp.path() / "db");
    INFO(q);
    CHECK(ranked(warm, q) == ranked(cold, q));
    CHECK(ranked(warm, q).first > 0);
  }
  for (int n = 0; n < 10; ++n)
    tmp.write("docs/new" + std::to_string(n) + ".md", "# 新\n\n新来的小团队" + std::to_string(n) + "。\n");
  index_dir(tmp.path() / "db", tmp.path() / "docs");
  CHECK(ranked(warm, "新来的").first == 10);
  search::Engine cold(tmp.path() / "db");
  CHECK(ranked(warm, "小团队") == ranked(cold, "小团队"));
}

TEST_CASE("one engine sees every commit, however quickly they follow one another") {
  // The engine looks at the version file before asking Xapian to reopen:
  // commits within the same clock tick must still be seen.
  test::TempDir tmp;
  tmp.write("docs/seed.md", "# 种子\n\n第一份文件。\n");
  index_dir(tmp.path() / "db", tmp.path() / "docs");
  search::Engine engine(tmp.path() / "db");
  for (int n = 0; n < 6; ++n) {
    const std::string word = "新词第" + std::to_string(n) + "号";
    tmp.write("docs/f" + std::to_string(n) + ".md", "# 标题\n\n" + word + "。\n");
    index_dir(tmp.path() / "db", tmp.path() / "docs");
    search::SearchRequest r;
    r.query = word;
    r.literal = true;
    INFO("commit " << n);
    CHECK(engine.search(r).total == 1);
  }
}

TEST_CASE("issue 21: --json --explain carries the explanation as data, and only then") {
  test::TempDir tmp;
  tmp.write("docs/a.md", "小团队做出了很好的产品，这一段写得足够长，成为一个独立的段落。\n");
  index_dir(tmp.path() / "db", tmp.path() / "docs");
  search::Engine engine(tmp.path() / "db");
  search::SearchRequest r;
  r.query = "小团队";
  const nlohmann::json plain = search::to_json(engine.search(r));
  CHECK_FALSE(plain.contains("explain"));
  REQUIRE(plain["results"].size() == 1);
  CHECK_FALSE(plain["results"][0].contains("explain"));

  r.explain = true;
  const search::SearchResponse response = engine.search(r);
  const nlohmann::json j = search::to_json(response);
  REQUIRE(j.contains("explain"));
  const auto plan = j["explain"]["plan"].get<std::vector<std::string>>();
  CHECK(plan == response.explain);
  CHECK(std::find(plan.begin(), plan.end(), "level: exact") != plan.end());
  CHECK(std::find(plan.begin(), plan.end(), "  candidates: B小团 AND B团队; word boost 2 * 团队") != plan.end());
  REQUIRE(j["results"].size() == 1);
  const auto hit = j["results"][0]["explain"].get<std::vector<std::string>>();
  CHECK(hit == response.results[0].explain);
  CHECK(hit.front() == "matched terms: B团队 B小团 团队");
}
