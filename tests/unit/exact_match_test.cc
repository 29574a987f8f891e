// The one-pass exact level (search/exact_match.h) against Xapian's own
// matcher on a real database: the same passages in the same order with the
// same weights, and totals equal to a brute-force count over every
// passage's stored text.
#include <catch2/catch.hpp>
#include <xapian.h>

#include <algorithm>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "text/normalizer.h"
#include "indexer/indexing_run.h"
#include "index/schema.h"
#include "index/index_reader.h"
#include "search/exact_match.h"
#include "search/query_parser.h"
#include "search/query_plan.h"
#include "test_util.h"

using namespace zh;

namespace {

// Passages of varied length in which 团队 is a word (小团队, 团队), only a
// pair across a word boundary (集团队伍), or absent, several times over.
std::string document_text(int n) {
  static const char* kSentences[] = {"小团队做出了很好的产品。", "集团队伍很大，管理很难。", "我们的团队只有五个人。",
                                     "他说模型会越来越便宜。", "团队，团队，还是团队。", "创业公司应该专注于用户。"};
  std::string text = "# 文档" + std::to_string(n) + "\n\n";
  for (int p = 0; p < 4; ++p) {
    for (int s = 0; s <= (n * 7 + p * 3) % 9; ++s) text += kSentences[(n + p * 5 + s * s) % 6];
    text += "这一段是第" + std::to_string(p) + "段，用来凑足长度，让每一段都成为单独的段落。\n\n";
  }
  return text;
}

struct Fixture {
  test::TempDir tmp;
  Xapian::Database db;
  std::optional<index::IndexReader> reader;

  Fixture() {
    for (int n = 0; n < 24; ++n) tmp.write("docs/d" + std::to_string(n) + ".md", document_text(n));
    index::IndexOptions o;
    o.db_dir = tmp.path() / "db";
    o.paths = {tmp.path() / "docs"};
    o.jobs = 2;
    index::run_indexing(o);
    db = Xapian::Database((tmp.path() / "db").string());
    reader.emplace(tmp.path() / "db");
  }
};

// The exact plan's candidates as a Xapian query: AND of the clauses (OR of
// alternatives, each the AND of its terms), the word boost as AND_MAYBE,
// AND_NOT each excluded term, FILTER by each kind of filter (OR of its terms).
Xapian::Query xapian_query(const search::CandidateSpec& c) {
  auto of = [](Xapian::Query::op op, const std::vector<std::string>& terms) {
    return Xapian::Query(op, terms.begin(), terms.end());
  };
  std::vector<Xapian::Query> clauses;
  for (const auto& clause : c.clauses) {
    std::vector<Xapian::Query> alternatives;
    for (const auto& terms : clause) alternatives.push_back(of(Xapian::Query::OP_AND, terms));
    clauses.emplace_back(Xapian::Query::OP_OR, alternatives.begin(), alternatives.end());
  }
  Xapian::Query query(Xapian::Query::OP_AND, clauses.begin(), clauses.end());
  if (!c.boost.empty())
    query = Xapian::Query(Xapian::Query::OP_AND_MAYBE, query,
                          Xapian::Query(Xapian::Query::OP_SCALE_WEIGHT, of(Xapian::Query::OP_OR, c.boost), c.boost_factor));
  for (const auto& t : c.excluded) query = Xapian::Query(Xapian::Query::OP_AND_NOT, query, Xapian::Query(t));
  std::vector<Xapian::Query> filters;
  for (const auto& kind : c.filters) filters.push_back(of(Xapian::Query::OP_OR, kind));
  if (!filters.empty())
    query = Xapian::Query(Xapian::Query::OP_FILTER, query, Xapian::Query(Xapian::Query::OP_AND, filters.begin(), filters.end()));
  return query;
}

// What Xapian's matcher ranks for the plan: BM25 with the same parameters,
// collapsed on the document key, candidates verified by a match decider.
std::vector<search::ScoredPassage> xapian_ranking(const Xapian::Database& db, const search::QueryPlan& plan,
                                                  std::size_t per_doc, std::size_t depth, index::IndexReader& texts) {
  struct Decider : Xapian::MatchDecider {
    const search::PassageVerifier* verifier;
    index::IndexReader* texts;
    bool operator()(const Xapian::Document& doc) const override {
      return !verifier || verifier->accepts(texts->text(doc.get_docid()));
    }
  } decider;
  decider.verifier = plan.verifier.get();
  decider.texts = &texts;
  Xapian::Enquire enquire(db);
  enquire.set_query(xapian_query(plan.candidates));
  enquire.set_weighting_scheme(Xapian::BM25Weight(0.5, 0, 1, 0.2, 0.5));
  if (per_doc > 0) enquire.set_collapse_key(index::schema::kSlotDocKey, static_cast<Xapian::doccount>(per_doc));
  const Xapian::MSet mset = enquire.get_mset(0, static_cast<Xapian::doccount>(depth), nullptr, &decider);
  std::vector<search::ScoredPassage> out;
  for (auto it = mset.begin(); it != mset.end(); ++it) out.push_back({*it, it.get_weight()});
  return out;
}

// Every passage whose stored text contains each required part (one of its
// alternatives) and no excluded one, at most per_doc per document.
std::size_t brute_force_total(const Xapian::Database& db, const search::ParsedQuery& q, std::size_t per_doc,
                              index::IndexReader& texts) {
  std::vector<std::vector<std::string>> required;
  for (const auto& clause : q.required) {
    auto& normals = required.emplace_back();
    for (const auto& lit : clause.alternatives) normals.push_back(text::normalize(lit.text));
  }
  std::vector<std::string> excluded;
  for (const auto& lit : q.excluded) excluded.push_back(text::normalize(lit.text));
  const search::PassageVerifier oracle(required, excluded);
  std::map<std::string, std::size_t> per_document;
  std::size_t total = 0;
  for (Xapian::docid did = 1; did <= db.get_lastdocid(); ++did) {
    if (!oracle.accepts(texts.text(did))) continue;
    const std::string key = db.get_document(did).get_value(index::schema::kSlotDocKey);
    if (per_doc == 0 || per_document[key]++ < per_doc) ++total;
  }
  return total;
}

}  // namespace

TEST_CASE("exact level: one pass ranks as Xapian's matcher does and counts as brute force does") {
  Fixture f;
  for (const std::string query : {"团队", "小团队", "团队很", "模型", "段", "五个人", "团队 -集团", "没有的词"}) {
    for (const std::size_t per_doc : {std::size_t{0}, std::size_t{1}, std::size_t{2}}) {
      for (const std::size_t depth : {std::size_t{0}, std::size_t{3}, std::size_t{1000}}) {
        INFO(query << " per_doc " << per_doc << " depth " << depth);
        const search::ParsedQuery parsed = search::parse_query(query);
        const search::QueryPlan plan = search::make_plan(parsed, search::MatchLevel::Exact);
        index::IndexReader& texts = *f.reader;
        const search::ExactMatches got = search::match_exact(texts, plan, search::ExactOptions{per_doc, depth, 0.5, 0.2});
        CHECK(got.total == brute_force_total(f.db, parsed, per_doc, texts));
        const auto want = xapian_ranking(f.db, plan, per_doc, depth, texts);
        REQUIRE(got.ranked.size() == want.size());
        for (std::size_t k = 0; k < want.size(); ++k) {
          CHECK(got.ranked[k].did == want[k].did);
          CHECK(got.ranked[k].weight == Approx(want[k].weight).epsilon(1e-9));
        }
      }
    }
  }
}

TEST_CASE("exact level: word-aligned matches rank above pairs across a word boundary") {
  Fixture f;
  const search::QueryPlan plan = search::make_plan(search::literal_query("团队"), search::MatchLevel::Exact);
  index::IndexReader& texts = *f.reader;
  const auto got = search::match_exact(texts, plan, search::ExactOptions{0, 1000, 0.5, 0.2});
  REQUIRE(!got.ranked.empty());
  // The best passage has 团队 as a word; some passage has it only inside 集团队伍.
  const std::string best(texts.text(got.ranked.front().did));
  CHECK(best.find("团队") != std::string::npos);
  bool boundary_only_seen = false;
  for (const auto& p : got.ranked) {
    const std::string text(texts.text(p.did));
    if (text.find("集团队伍") != std::string::npos && text.find("小团队") == std::string::npos &&
        text.find("的团队") == std::string::npos && text.find("团队，") == std::string::npos) {
      boundary_only_seen = true;
      CHECK(p.weight < got.ranked.front().weight);
    }
  }
  CHECK(boundary_only_seen);
}

TEST_CASE("exact level: a one-character word ranks only a query that is that character") {
  auto boost = [](const std::string& q) {
    return search::make_plan(search::literal_query(q), search::MatchLevel::Exact).candidates.boost;
  };
  auto has = [](const std::vector<std::string>& terms, const std::string& t) {
    return std::find(terms.begin(), terms.end(), t) != terms.end();
  };
  // 小 is a word of 小团队, but among the commonest terms: 团队 says where it aligns.
  CHECK(has(boost("小团队"), "团队"));
  CHECK_FALSE(has(boost("小团队"), "小"));
  for (const auto& q : {"小团队", "有下列行为", "我的书", "GPT-3"})
    for (const auto& w : boost(q)) {
      INFO(q << ": " << w);
      CHECK(w.size() > 1);  // no one-byte (ASCII) word
      CHECK_FALSE((w.size() == 3 && static_cast<unsigned char>(w[0]) >= 0xE0));  // no one-ideograph word
    }
  // A one-character query: its word still puts 段 as a word above 段 inside 段落.
  CHECK(boost("段") == std::vector<std::string>{"段"});
  CHECK(boost("书") == std::vector<std::string>{"书"});
}
