#include "search/query_parser.h"

#include <fmt/format.h>

#include <algorithm>

#include "common/error.h"
#include "text/normalizer.h"
#include "text/utf8.h"

namespace zh::search {
namespace {

using text::next_code_point;

struct Word {
  std::string text;
  bool quoted = false;
};

bool is_query_space(char32_t c) { return c == U' ' || c == U'\t' || c == U'\n' || c == U'\r' || c == U'\u3000'; }

void check_input(std::string_view query) {
  if (text::find_invalid_utf8(query) != std::string_view::npos)
    throw UsageError("query is not valid UTF-8; re-type it or check the terminal's encoding");
  const std::size_t chars = text::count_code_points(query);
  if (chars > kMaxQueryChars)
    throw UsageError(fmt::format("query is {} characters long; the limit is {}: search for a shorter part of it",
                                 chars, kMaxQueryChars));
}

// Splits at unquoted spaces; a quoted run (which may follow a prefix such
// as `-` or `author:`) stays in one word and keeps its spaces.
std::vector<Word> split_words(std::string_view query) {
  std::vector<Word> words;
  Word current;
  bool in_quote = false, has_content = false;
  auto flush = [&] {
    if (has_content) words.push_back(current);
    current = Word{};
    has_content = false;
  };
  for (std::size_t pos = 0; pos < query.size();) {
    const std::size_t start = pos;
    const char32_t c = next_code_point(query, pos);
    if (c == U'"') {
      in_quote = !in_quote;
      current.quoted = true;
      has_content = true;
      continue;
    }
    if (!in_quote && is_query_space(c)) {
      flush();
      continue;
    }
    current.text.append(query.substr(start, pos - start));
    has_content = true;
  }
  if (in_quote)
    throw UsageError("unbalanced quote in the query: add the closing \" or remove the opening one");
  flush();
  return words;
}

bool starts_with_field(const Word& w, std::string_view field) {
  return w.text.size() > field.size() && w.text.starts_with(field);
}

void add_filter(ParsedQuery& q, const Word& w) {
  const auto colon = w.text.find(':');
  const std::string field = w.text.substr(0, colon);
  const std::string value = w.text.substr(colon + 1);
  if (field == "tag") q.tags.push_back(value);
  else if (field == "author") q.authors.push_back(value);
  else {
    const bool four_digits = value.size() == 4 && std::all_of(value.begin(), value.end(), ::isdigit);
    if (!four_digits) throw UsageError("year:" + value + " is not a year; write it with four digits, as in year:2025");
    q.years.push_back(value);
  }
}

void require_searchable(const Literal& l) {
  if (!is_searchable(l.text))
    throw UsageError("\"" + l.text + "\" has nothing to search for; use letters, digits or Chinese characters");
}

}  // namespace

bool is_searchable(std::string_view utf8) {
  const std::string normal = text::normalize(utf8);
  for (std::size_t pos = 0; pos < normal.size();)
    if (text::is_word_char(next_code_point(normal, pos))) return true;
  return false;
}

ParsedQuery parse_query(std::string_view query) {
  check_input(query);
  ParsedQuery q;
  const std::vector<Word> words = split_words(query);
  bool pending_or = false;
  for (std::size_t i = 0; i < words.size(); ++i) {
    const Word& w = words[i];
    if (!w.quoted && w.text == "OR") {
      if (q.required.empty() || pending_or || i + 1 == words.size())
        throw UsageError("OR needs a search term on both sides, as in: 人工智能 OR AI");
      pending_or = true;
      continue;
    }
    if (!w.quoted && (starts_with_field(w, "tag:") || starts_with_field(w, "author:") ||
                      starts_with_field(w, "year:"))) {
      add_filter(q, w);
      continue;
    }
    if (w.quoted && (w.text.starts_with("tag:") || w.text.starts_with("author:")) && !w.text.ends_with(':')) {
      add_filter(q, w);
      continue;
    }
    Literal lit{w.text, w.quoted};
    if (!w.quoted && lit.text.size() > 1 && lit.text.ends_with('*')) lit.text.pop_back();
    if (lit.text.size() > 1 && lit.text.front() == '-' && is_searchable(lit.text.substr(1))) {
      lit.text.erase(0, 1);
      q.excluded.push_back(lit);
      continue;
    }
    if (!is_searchable(lit.text)) {
      if (w.quoted) require_searchable(lit);
      continue;  // stray punctuation between words
    }
    if (pending_or) {
      q.required.back().alternatives.push_back(lit);
      pending_or = false;
    } else {
      q.required.push_back(Clause{{lit}});
    }
  }
  if (q.required.empty())
    throw UsageError(words.empty() ? "the query is empty; type what to search for"
                                   : "the query has nothing to search for; use letters, digits or Chinese characters "
                                     "(filters and -exclusions need a search term too)");
  return q;
}

ParsedQuery literal_query(std::string_view query) {
  check_input(query);
  Literal lit{std::string(query), true};
  if (lit.text.empty()) throw UsageError("the query is empty; type what to search for");
  require_searchable(lit);
  ParsedQuery q;
  q.required.push_back(Clause{{lit}});
  return q;
}

}  // namespace zh::search
