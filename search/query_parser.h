// The query language (DESIGN §2), parsed into a small tree that knows
// nothing of Xapian:
//   小团队 GPT-3        every part must match (AND), each as Ctrl-F would
//   "大 模型"           a quoted part is matched exactly, spaces included
//   -广告               excludes passages that contain 广告
//   AI OR 人工智能       either part
//   tag:AI author:Sam year:2025   filters (repeatable: OR within a field)
//   gpt*               a trailing * is accepted (every part already
//                      matches inside longer words)
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace zh::search {

struct Literal {
  std::string text;  // as typed, without quotes or operators
  bool quoted = false;
  bool synonym = false;  // added by synonym expansion, not typed
};

// Passes when any alternative occurs.
struct Clause {
  std::vector<Literal> alternatives;
};

struct ParsedQuery {
  std::vector<Clause> required;
  std::vector<Literal> excluded;
  std::vector<std::string> tags, authors, years;
  bool empty() const { return required.empty(); }
};

// Longest query accepted, in code points.
inline constexpr std::size_t kMaxQueryChars = 1000;

// Parses `query` (valid UTF-8). Throws zh::UsageError, with a message that
// says what to fix, for: invalid UTF-8, more than kMaxQueryChars, an
// unbalanced quote, a bad filter value (year:abc), OR without a part on
// both sides, or nothing to search for (only spaces, punctuation, filters
// or exclusions).
ParsedQuery parse_query(std::string_view query);

// The whole of `query` as one literal, with no syntax at all (--literal).
// Throws zh::UsageError as above for invalid, too long or empty input.
ParsedQuery literal_query(std::string_view query);

// True when `text` holds at least one letter, digit or ideograph after
// normalization: something the index can find.
bool is_searchable(std::string_view text);

}  // namespace zh::search
