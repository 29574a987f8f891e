#include "search/query_plan.h"

#include <string.h>

#include <algorithm>
#include <sstream>

#include "text/analyzer.h"
#include "text/character_tokens.h"
#include "text/normalizer.h"
#include "text/utf8.h"
#include "index/schema.h"
#include "text/question_words.h"

namespace zh::search {
namespace {

namespace schema = index::schema;

// The candidate terms of one part: every pair of adjacent letters, digits
// or ideographs of its normal form (as the indexer makes them), and the
// character itself where a letter, digit or ideograph has no such
// neighbour. `exact` is set when the terms alone decide a match: the part
// is one or two letters, digits or ideographs and nothing else.
std::vector<std::string> character_terms(const std::string& text, bool* exact) {
  const std::string normal = text::normalize(text);
  std::vector<char32_t> cps;
  for (std::size_t pos = 0; pos < normal.size();) cps.push_back(text::next_code_point(normal, pos));
  std::vector<std::string> terms;
  auto add = [&](text::TokenKind kind, std::initializer_list<char32_t> chars) {
    text::Token t{{}, 0, 0, kind};
    for (char32_t c : chars) text::append_utf8(t.text, c);
    std::string term = schema::term_for(t);
    if (!term.empty() && std::find(terms.begin(), terms.end(), term) == terms.end()) terms.push_back(std::move(term));
  };
  // The index's pairs; a character only where it is in no pair.
  auto word_at = [&](std::size_t i) { return i < cps.size() && text::is_word_char(cps[i]); };
  text::for_each_character_token(
      cps.size(), [&](std::size_t i) { return cps[i]; },
      [&](text::TokenKind kind, std::size_t first, std::size_t last) {
        if (kind == text::TokenKind::Pair) add(kind, {cps[first], cps[last]});
        else if (!word_at(first + 1) && (first == 0 || !word_at(first - 1))) add(kind, {cps[first]});
      });
  const bool all_word_chars = std::all_of(cps.begin(), cps.end(), [](char32_t c) { return text::is_word_char(c); });
  *exact = all_word_chars && (cps.size() == 1 || cps.size() == 2);
  return terms;
}

std::vector<std::string> word_terms(const std::string& text, bool drop_function_words) {
  std::vector<std::string> out;
  for (const auto& t : text::words(text)) {
    if (drop_function_words && text::is_function_word(t.text)) continue;
    std::string term = schema::term_for(t);
    if (!term.empty() && std::find(out.begin(), out.end(), term) == out.end()) out.push_back(std::move(term));
  }
  return out;
}

// The word terms that rank a part's exact matches (word-aligned first). A
// one-character word ranks only when it is the whole part: inside a longer
// part (有 and 行 in 有下列行) it is among the commonest terms of the index,
// dear to read at every candidate, while the part's longer words still show
// where it aligns with the text.
// `normal` is the part's normal form.
std::vector<std::string> exact_ranking_words(const std::string& part, const std::string& normal) {
  std::vector<std::string> words = word_terms(part, false);
  std::erase_if(words, [&](const std::string& w) { return text::count_code_points(w) == 1 && w != normal; });
  return words;
}

Xapian::Query or_of(const std::vector<std::string>& terms) {
  return Xapian::Query(Xapian::Query::OP_OR, terms.begin(), terms.end());
}

Xapian::Query and_of(const std::vector<std::string>& terms) {
  return Xapian::Query(Xapian::Query::OP_AND, terms.begin(), terms.end());
}

// For each kind of filter given (tags, authors, years): the terms of
// which a passage must have one.
std::vector<std::vector<std::string>> filter_terms(const ParsedQuery& q) {
  std::vector<std::vector<std::string>> kinds;
  auto add = [&](const std::vector<std::string>& values, std::string (*term)(std::string_view)) {
    if (values.empty()) return;
    std::vector<std::string> terms;
    for (const auto& v : values) terms.push_back(term(v));
    kinds.push_back(std::move(terms));
  };
  add(q.tags, schema::tag_term);
  add(q.authors, schema::author_term);
  add(q.years, schema::year_term);
  return kinds;
}

Xapian::Query filter_query(const std::vector<std::vector<std::string>>& kinds) {
  if (kinds.empty()) return Xapian::Query();
  std::vector<Xapian::Query> ors;
  for (const auto& terms : kinds) ors.push_back(or_of(terms));
  return Xapian::Query(Xapian::Query::OP_AND, ors.begin(), ors.end());
}

std::string describe_terms(const std::vector<std::string>& terms) {
  std::string s;
  for (const auto& t : terms) s += (s.empty() ? "" : " ") + t;
  return s;
}

QueryPlan exact_plan(const ParsedQuery& q, const RankingParams& params) {
  QueryPlan plan;
  plan.level = MatchLevel::Exact;
  std::vector<std::vector<std::string>> required;
  std::vector<std::string> ranking_words;
  bool all_exact = true;
  for (const auto& clause : q.required) {
    std::vector<std::string> normals;
    auto& candidate_clause = plan.candidates.clauses.emplace_back();
    for (const auto& lit : clause.alternatives) {
      bool exact = false;
      const auto terms = character_terms(lit.text, &exact);
      all_exact = all_exact && exact && clause.alternatives.size() == 1;
      candidate_clause.push_back(terms);
      normals.push_back(text::normalize(lit.text));
      plan.highlight.push_back(normals.back());
      const auto words = exact_ranking_words(lit.text, normals.back());
      ranking_words.insert(ranking_words.end(), words.begin(), words.end());
      plan.segmentation.push_back("\"" + lit.text + "\" -> candidates " + describe_terms(terms) +
                                  (exact ? " (exact)" : " (verified against the text)") + "; words " +
                                  describe_terms(words));
    }
    required.push_back(std::move(normals));
  }
  plan.candidates.boost = ranking_words;
  plan.candidates.boost_factor = params.word_boost;
  plan.candidates.boost_within_candidates = q.required.size() == 1 && q.required.front().alternatives.size() == 1 &&
                                            ranking_words.size() == 1 && ranking_words.front() == plan.highlight.front();
  std::vector<std::string> excluded;
  for (const auto& lit : q.excluded) {
    bool exact = false;
    const auto terms = character_terms(lit.text, &exact);
    if (exact) plan.candidates.excluded.push_back(terms.front());
    else all_exact = false;
    excluded.push_back(text::normalize(lit.text));
    plan.segmentation.push_back("-\"" + lit.text + "\" -> excluded" + (exact ? " by term " + terms.front() : " after verification"));
  }
  if (!all_exact) plan.verifier = std::make_unique<PassageVerifier>(std::move(required), std::move(excluded));
  return plan;
}

// Terms joined by `op`, in parentheses when there are several and
// `parenthesize` says so ("B小团 AND B团队").
std::string join_terms(const std::vector<std::string>& terms, const char* op, bool parenthesize) {
  std::string s;
  for (const auto& t : terms) s += (s.empty() ? "" : std::string(" ") + op + " ") + t;
  return parenthesize && terms.size() > 1 ? "(" + s + ")" : s;
}

// The CandidateSpec as one line: "(B小团 AND B团队) AND (U书 OR B书本);
// excluding U集; filter (XTai OR XTml); word boost 2 * (团队 OR 书本)".
std::string describe_candidates(const CandidateSpec& c) {
  std::string s;
  for (const auto& clause : c.clauses) {
    std::string alternatives;
    for (const auto& terms : clause)
      alternatives += (alternatives.empty() ? "" : " OR ") + join_terms(terms, "AND", c.clauses.size() > 1 || clause.size() > 1);
    if (clause.size() > 1 && c.clauses.size() > 1) alternatives = "(" + alternatives + ")";
    s += (s.empty() ? "" : " AND ") + alternatives;
  }
  if (!c.excluded.empty()) s += "; excluding " + join_terms(c.excluded, "OR", false);
  if (!c.filters.empty()) {
    std::string filters;
    for (const auto& kind : c.filters) filters += (filters.empty() ? "" : " AND ") + join_terms(kind, "OR", true);
    s += "; filter " + filters;
  }
  if (!c.boost.empty()) {
    std::ostringstream factor;
    factor << c.boost_factor;
    s += "; word boost " + factor.str() + " * " + join_terms(c.boost, "OR", true);
  }
  return s;
}

// What a ranked level makes terms of: the part without its question words,
// unless nothing else would be left.
std::string ranked_text(const std::string& part, const RankingParams& params) {
  if (!params.drop_question_words) return part;
  std::string blanked = text::blank_question_words(part);
  const std::string normal = text::normalize(blanked);
  bool has_word_char = false;
  for (std::size_t pos = 0; pos < normal.size() && !has_word_char;)
    has_word_char = text::is_word_char(text::next_code_point(normal, pos));
  return has_word_char ? blanked : part;
}

QueryPlan relaxed_plan(const ParsedQuery& q, MatchLevel level, const RankingParams& params) {
  QueryPlan plan;
  plan.level = level;
  std::vector<std::string> all_words, content_words, pairs;
  for (const auto& clause : q.required)
    for (const auto& lit : clause.alternatives) {
      const std::string text = ranked_text(lit.text, params);
      for (auto& w : word_terms(text, false))
        if (std::find(all_words.begin(), all_words.end(), w) == all_words.end()) all_words.push_back(w);
      bool exact = false;
      for (auto& p : character_terms(text, &exact))
        if (p.starts_with(schema::kPrefixPair) && std::find(pairs.begin(), pairs.end(), p) == pairs.end())
          pairs.push_back(p);
    }
  for (const auto& w : all_words)
    if (!params.drop_function_words || !text::is_function_word(w)) content_words.push_back(w);
  const auto& words = content_words.empty() ? all_words : content_words;
  plan.highlight = words;
  plan.content_words = words;
  if (level == MatchLevel::AllWords) {
    // Fewer than two words: the same as the exact level, or nothing.
    if (!params.all_words_level || words.size() < 2) return plan;
    plan.query = and_of(words);
    plan.segmentation.push_back("all words: " + describe_terms(words));
  } else {
    std::vector<std::string> content_pairs;
    for (const auto& p : pairs) {
      // Pairs made only of function characters add noise, not evidence.
      const std::string body = p.substr(schema::kPrefixPair.size());
      std::size_t pos = 0;
      const char32_t first = text::next_code_point(body, pos);
      std::string a, b(body.substr(pos));
      text::append_utf8(a, first);
      if (!params.drop_function_words || !(text::is_function_word(a) && text::is_function_word(b))) content_pairs.push_back(p);
    }
    std::vector<std::string> terms = words;
    terms.insert(terms.end(), content_pairs.begin(), content_pairs.end());
    if (terms.empty()) return plan;
    if (params.elite_terms > 0 && terms.size() > params.elite_terms) {
      std::vector<Xapian::Query> scored;
      for (const auto& w : words) scored.emplace_back(Xapian::Query::OP_SCALE_WEIGHT, Xapian::Query(w), params.word_boost);
      for (const auto& p : content_pairs) scored.emplace_back(p);
      plan.query = Xapian::Query(Xapian::Query::OP_ELITE_SET, scored.begin(), scored.end(),
                                 static_cast<Xapian::termcount>(params.elite_terms));
    } else {
      plan.query = Xapian::Query(Xapian::Query::OP_OR,
                                 Xapian::Query(Xapian::Query::OP_SCALE_WEIGHT, or_of(words), params.word_boost),
                                 or_of(content_pairs));
    }
    plan.segmentation.push_back("any word: " + describe_terms(words) + " | pairs " + describe_terms(content_pairs));
  }
  std::vector<std::string> excluded;
  for (const auto& lit : q.excluded) excluded.push_back(text::normalize(lit.text));
  if (!excluded.empty()) plan.verifier = std::make_unique<PassageVerifier>(std::vector<std::vector<std::string>>{}, excluded);
  return plan;
}

}  // namespace

PassageVerifier::PassageVerifier(std::vector<std::vector<std::string>> required, std::vector<std::string> excluded) {
  for (auto& clause : required) {
    auto& finders = required_.emplace_back();
    for (auto& n : clause) finders.emplace_back(std::move(n));
  }
  for (auto& n : excluded) excluded_.emplace_back(std::move(n));
}

bool PassageVerifier::accepts(std::string_view normal) const {
  const auto in_text = [&](const text::SubstringFinder& f) { return f.found_in(normal); };
  for (const auto& clause : required_)
    if (std::none_of(clause.begin(), clause.end(), in_text)) return false;
  return std::none_of(excluded_.begin(), excluded_.end(), in_text);
}

QueryPlan make_plan(const ParsedQuery& q, MatchLevel level, const RankingParams& params) {
  QueryPlan plan = level == MatchLevel::Exact ? exact_plan(q, params) : relaxed_plan(q, level, params);
  if (plan.empty()) return plan;
  if (level == MatchLevel::Exact) {
    plan.candidates.filters = filter_terms(q);
  } else if (const Xapian::Query filters = filter_query(filter_terms(q)); !filters.empty()) {
    plan.query = Xapian::Query(Xapian::Query::OP_FILTER, plan.query, filters);
  }
  return plan;
}

bool QueryPlan::empty() const {
  if (level != MatchLevel::Exact) return query.empty();
  // A clause of no terms at all can match no passage, and so the plan none.
  const auto no_terms = [](const std::vector<std::vector<std::string>>& clause) {
    return std::all_of(clause.begin(), clause.end(), [](const auto& terms) { return terms.empty(); });
  };
  return candidates.clauses.empty() || std::any_of(candidates.clauses.begin(), candidates.clauses.end(), no_terms);
}

std::vector<std::string> QueryPlan::terms() const {
  std::vector<std::string> out;
  if (level != MatchLevel::Exact) {
    out.assign(query.get_unique_terms_begin(), query.get_unique_terms_end());
  } else {
    for (const auto& clause : candidates.clauses)
      for (const auto& terms : clause) out.insert(out.end(), terms.begin(), terms.end());
    out.insert(out.end(), candidates.excluded.begin(), candidates.excluded.end());
    for (const auto& kind : candidates.filters) out.insert(out.end(), kind.begin(), kind.end());
    out.insert(out.end(), candidates.boost.begin(), candidates.boost.end());
  }
  std::sort(out.begin(), out.end());
  out.erase(std::unique(out.begin(), out.end()), out.end());
  return out;
}

std::vector<std::string> QueryPlan::describe() const {
  std::vector<std::string> lines = segmentation;
  lines.push_back(level == MatchLevel::Exact ? "candidates: " + describe_candidates(candidates)
                                             : "xapian: " + query.get_description());
  return lines;
}

const char* to_string(MatchLevel level) {
  switch (level) {
    case MatchLevel::Exact: return "exact";
    case MatchLevel::AllWords: return "all words (relaxed)";
    case MatchLevel::AnyWord: return "any word (relaxed)";
  }
  return "?";
}

}  // namespace zh::search
