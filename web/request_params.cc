#include "web/request_params.h"

#include <fmt/format.h>

#include "text/utf8.h"
#include "web/http_error.h"

namespace zh::web {
namespace {

bool is_hex(char c) {
  return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
}

const std::string* first(const Params& params, const std::string& key) {
  auto it = params.find(key);
  return it == params.end() ? nullptr : &it->second;
}

std::size_t count_in_range(const Params& params, const std::string& key, std::size_t low, std::size_t high,
                           std::size_t fallback) {
  const std::string* value = first(params, key);
  if (!value) return fallback;
  const std::optional<std::size_t> n = parse_count(*value);
  if (!n || *n < low || *n > high)
    throw HttpError(400, "bad_parameter",
                    fmt::format("{} must be a whole number from {} to {}", key, low, high));
  return *n;
}

std::vector<std::string> filter_values(const Params& params, const std::string& key) {
  std::vector<std::string> values;
  auto [begin, end] = params.equal_range(key);
  for (auto it = begin; it != end; ++it) {
    if (it->second.empty()) continue;
    if (text::count_code_points(it->second) > kMaxQueryCodePoints)
      throw HttpError(400, "bad_parameter", fmt::format("{} is longer than {} characters", key, kMaxQueryCodePoints));
    values.push_back(it->second);
  }
  if (values.size() > kMaxFilterValues)
    throw HttpError(400, "bad_parameter", fmt::format("at most {} {} values are accepted", kMaxFilterValues, key));
  return values;
}

SearchParams parse_common(const Params& params) {
  SearchParams p;
  if (const std::string* q = first(params, "q")) {
    const std::size_t chars = text::count_code_points(*q);
    if (chars > kMaxQueryCodePoints)
      throw HttpError(400, "query_too_long",
                      fmt::format("the query is {} characters long; the limit is {}: search for a shorter part of it",
                                  chars, kMaxQueryCodePoints));
    p.q = *q;
  }
  p.tags = filter_values(params, "tag");
  p.authors = filter_values(params, "author");
  if (const std::string* meta = first(params, "meta")) {
    if (*meta != "0" && *meta != "1" && !meta->empty())
      throw HttpError(400, "bad_parameter", "meta must be 0 or 1");
    p.meta = *meta == "1";
  }
  return p;
}

}  // namespace

void check_percent_encoding(std::string_view target) {
  for (std::size_t i = 0; i < target.size(); ++i) {
    if (target[i] != '%') continue;
    if (i + 2 >= target.size() || !is_hex(target[i + 1]) || !is_hex(target[i + 2]))
      throw HttpError(400, "bad_encoding", "the URL has a '%' that is not followed by two hex digits");
    i += 2;
  }
}

void check_params_utf8(const Params& params) {
  for (const auto& [key, value] : params) {
    for (const std::string* s : {&key, &value}) {
      if (text::find_invalid_utf8(*s) != std::string_view::npos)
        throw HttpError(400, "bad_utf8", "a URL parameter is not valid UTF-8 once decoded; encode text as UTF-8");
      if (s->find('\0') != std::string::npos)
        throw HttpError(400, "bad_utf8", "a URL parameter contains a NUL character");
    }
  }
}

std::optional<std::size_t> parse_count(std::string_view text) {
  if (text.empty() || text.size() > 9) return std::nullopt;
  std::size_t n = 0;
  for (char c : text) {
    if (c < '0' || c > '9') return std::nullopt;
    n = n * 10 + static_cast<std::size_t>(c - '0');
  }
  return n;
}

SearchParams parse_api_params(const Params& params) {
  SearchParams p = parse_common(params);
  p.limit = count_in_range(params, "limit", 1, kMaxLimit, kDefaultLimit);
  p.offset = count_in_range(params, "offset", 0, kMaxOffset, 0);
  return p;
}

SearchParams parse_page_params(const Params& params) {
  SearchParams p = parse_common(params);
  p.page = count_in_range(params, "page", 1, kMaxOffset / kPageSize + 1, 1);
  p.limit = kPageSize;
  p.offset = (p.page - 1) * kPageSize;
  return p;
}

}  // namespace zh::web
