#include "search/ranking.h"

#include <fmt/format.h>

#include <charconv>
#include <cmath>

#include "common/error.h"

namespace zh::search {
namespace {

constexpr std::string_view kNames = "k1, b, word_boost, all_words_level, drop_function_words, drop_question_words, elite_terms, rerank_depth, phrase, coverage, proximity, title";

double parse_number(std::string_view name, std::string_view value) {
  double number = 0;
  const auto [end, ec] = std::from_chars(value.data(), value.data() + value.size(), number);
  if (ec != std::errc() || end != value.data() + value.size() || !std::isfinite(number) || number < 0)
    throw UsageError(fmt::format("--rank-param {}: '{}' is not a number >= 0", name, value));
  return number;
}

}  // namespace

void set_ranking_param(RankingParams& p, std::string_view assignment) {
  if (const auto semicolon = assignment.find(';'); semicolon != std::string_view::npos) {
    set_ranking_param(p, assignment.substr(0, semicolon));
    set_ranking_param(p, assignment.substr(semicolon + 1));
    return;
  }
  const auto eq = assignment.find('=');
  if (eq == std::string_view::npos)
    throw UsageError(fmt::format("--rank-param wants NAME=VALUE, got '{}'; names: {}", assignment, kNames));
  const std::string_view name = assignment.substr(0, eq);
  const double v = parse_number(name, assignment.substr(eq + 1));
  if (name == "k1") p.k1 = v;
  else if (name == "b") p.b = std::min(v, 1.0);
  else if (name == "word_boost") p.word_boost = v;
  else if (name == "all_words_level") p.all_words_level = v != 0;
  else if (name == "drop_function_words") p.drop_function_words = v != 0;
  else if (name == "drop_question_words") p.drop_question_words = v != 0;
  else if (name == "elite_terms") p.elite_terms = static_cast<std::size_t>(std::min(v, 1000.0));
  else if (name == "rerank_depth") p.rerank_depth = static_cast<std::size_t>(std::min(v, 1000.0));
  else if (name == "phrase") p.phrase = v;
  else if (name == "coverage") p.coverage = v;
  else if (name == "proximity") p.proximity = v;
  else if (name == "title") p.title = v;
  else throw UsageError(fmt::format("--rank-param: unknown parameter '{}'; names: {}", name, kNames));
}

std::string describe(const RankingParams& p) {
  return fmt::format("k1={} b={} word_boost={} all_words_level={} drop_function_words={} drop_question_words={} elite_terms={} rerank_depth={} phrase={} coverage={} proximity={} title={}",
                     p.k1, p.b, p.word_boost, p.all_words_level ? 1 : 0, p.drop_function_words ? 1 : 0, p.drop_question_words ? 1 : 0, p.elite_terms, p.rerank_depth,
                     p.phrase, p.coverage, p.proximity, p.title);
}

}  // namespace zh::search
