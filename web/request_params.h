// Validation of what a client sends: the raw request target and the decoded
// query parameters, turned into the search parameters the handlers use.
// Every function is pure and thread-safe; each failure throws HttpError with
// status 400 and a code that names the problem, so a bad request never
// reaches the engine. Unknown parameters are ignored.
#pragma once

#include <cstddef>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace zh::web {

// Decoded query parameters, as the HTTP library hands them over.
using Params = std::multimap<std::string, std::string>;

inline constexpr std::size_t kMaxQueryCodePoints = 256;
inline constexpr std::size_t kMaxLimit = 50;
inline constexpr std::size_t kDefaultLimit = 10;
inline constexpr std::size_t kMaxOffset = 1000;
inline constexpr std::size_t kPageSize = 10;  // results per page of GET /
inline constexpr std::size_t kMaxFilterValues = 8;

// Throws HttpError(400, "bad_encoding") when a '%' in `target` (path and
// query string, undecoded) is not followed by two hex digits. The HTTP
// library would keep such bytes as they are; we refuse them instead.
void check_percent_encoding(std::string_view target);

// Throws HttpError(400, "bad_utf8") when a decoded parameter name or value is
// not valid UTF-8 or contains a NUL.
void check_params_utf8(const Params& params);

struct SearchParams {
  std::optional<std::string> q;  // absent when there is no q parameter
  std::size_t limit = kDefaultLimit;
  std::size_t offset = 0;
  std::size_t page = 1;          // GET / only; offset = (page - 1) * kPageSize
  std::vector<std::string> tags, authors;
  bool meta = false;             // add date, author, tags and link to each result
};

// For GET /api/search: q (<= 256 code points), limit 1-50 (default 10),
// offset 0-1000, tag and author (repeatable), meta=1. Throws HttpError 400:
// "query_too_long", "bad_parameter" (limit, offset, meta, tag, author).
SearchParams parse_api_params(const Params& params);

// For GET /: q, page 1-101 (offset = (page-1)*10 <= 1000), tag, author.
// Throws as parse_api_params.
SearchParams parse_page_params(const Params& params);

// Parses a decimal integer made only of ASCII digits, at most 9 of them.
// Returns nullopt for anything else ("", "-1", "1e3", " 5", "0x10").
std::optional<std::size_t> parse_count(std::string_view text);

}  // namespace zh::web
