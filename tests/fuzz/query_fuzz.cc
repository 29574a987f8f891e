// Fuzz target: the query parser and the query plan, string -> ParsedQuery
// -> the Xapian query of each match level. Checks that every term a plan
// asks Xapian for is one the indexer produces (from the query's own text,
// with or without its question words, or a filter term), that a passage made of the query's parts passes the
// exact plan's verifier, and that its highlights are well formed.
#include <xapian.h>

#include <cstddef>
#include <cstdint>
#include <set>
#include <string>
#include <string_view>

#include "common/error.h"
#include "text/analyzer.h"
#include "text/normalizer.h"
#include "index/schema.h"
#include "search/query_parser.h"
#include "search/query_plan.h"
#include "text/question_words.h"
#include "tests/fuzz/fuzz_check.h"

using namespace zh;
namespace schema = zh::index::schema;

namespace {

void add_index_terms(const std::string& text, std::set<std::string>& out) {
  for (const auto& t : text::analyze(text)) {
    const std::string term = schema::term_for(t);
    if (!term.empty()) out.insert(term);
  }
}

void check_plans(const search::ParsedQuery& q) {
  std::set<std::string> producible;
  std::string passage;  // the first alternative of each clause, one per line
  for (const auto& clause : q.required) {
    fuzz::check(!clause.alternatives.empty(), "a clause without alternatives");
    for (const auto& lit : clause.alternatives) {
      fuzz::check_utf8(lit.text, "a literal is not valid UTF-8");
      fuzz::check(search::is_searchable(lit.text), "a required literal has nothing to search for", lit.text);
      add_index_terms(lit.text, producible);
      // The ranked levels analyze the literal without its question words.
      add_index_terms(text::blank_question_words(lit.text), producible);
    }
    passage += (passage.empty() ? "" : "\n") + clause.alternatives.front().text;
  }
  for (const auto& lit : q.excluded) add_index_terms(lit.text, producible);
  for (const auto& v : q.tags) producible.insert(schema::tag_term(v));
  for (const auto& v : q.authors) producible.insert(schema::author_term(v));
  for (const auto& v : q.years) producible.insert(schema::year_term(v));

  for (auto level : {search::MatchLevel::Exact, search::MatchLevel::AllWords, search::MatchLevel::AnyWord}) {
    const search::QueryPlan plan = search::make_plan(q, level);
    fuzz::check(level != search::MatchLevel::Exact || !plan.empty(), "the exact plan has no candidates");
    for (const auto& term : plan.terms())
      fuzz::check(producible.contains(term), "the plan asks for a term the indexer cannot produce", term);
    (void)plan.describe();
    for (const auto& h : plan.highlight) fuzz::check_utf8(h, "a highlight needle is not valid UTF-8");
    if (level != search::MatchLevel::Exact) continue;
    // Every exact needle is the normal form of a literal, so a passage
    // holding the literals has a highlight, and (without exclusions, which
    // might occur in it) passes verification.
    fuzz::check_highlights(passage, plan.highlight, true);
    if (plan.verifier && q.excluded.empty())
      fuzz::check(plan.verifier->accepts(text::normalize(passage)), "the verifier rejects the query's own text",
                  passage);
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view query(reinterpret_cast<const char*>(data), size);
  for (bool literal : {false, true}) {
    search::ParsedQuery q;
    try {
      q = literal ? search::literal_query(query) : search::parse_query(query);
    } catch (const UsageError&) {
      continue;  // a query error with a message: expected
    }
    fuzz::check(!q.empty(), "a parsed query with nothing required");
    check_plans(q);
  }
  return 0;
}
