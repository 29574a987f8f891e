// Fuzz target: HTTP query-string decoding and validation, as the server
// does it: the raw request target is checked for bad percent-encoding,
// decoded by cpp-httplib, checked for UTF-8, validated into SearchParams
// (web/request_params.h) and the query parsed. Checks that what passes
// validation keeps the documented limits.
#include <httplib.h>

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "common/error.h"
#include "text/utf8.h"
#include "search/query_parser.h"
#include "tests/fuzz/fuzz_check.h"
#include "web/http_error.h"
#include "web/request_params.h"

using namespace zh;

namespace {

void check_search_params(const web::SearchParams& p, bool page) {
  fuzz::check(p.limit >= 1 && p.limit <= web::kMaxLimit, "limit out of range");
  fuzz::check(p.offset <= web::kMaxOffset, "offset out of range");
  fuzz::check(p.tags.size() <= web::kMaxFilterValues && p.authors.size() <= web::kMaxFilterValues,
              "too many filter values");
  if (page) fuzz::check(p.page >= 1 && p.offset == (p.page - 1) * web::kPageSize, "page and offset disagree");
  if (!p.q) return;
  fuzz::check_utf8(*p.q, "q is not valid UTF-8");
  fuzz::check(text::count_code_points(*p.q) <= web::kMaxQueryCodePoints, "q longer than the limit");
  try {
    (void)search::parse_query(*p.q);
  } catch (const UsageError&) {
    // a 400 with a message: expected
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::string target(reinterpret_cast<const char*>(data), size);
  if (!target.starts_with('/')) target = "/api/search?" + target;
  try {
    web::check_percent_encoding(target);
    web::Params params;
    const auto question = target.find('?');
    if (question != std::string::npos) httplib::detail::parse_query_text(target.substr(question + 1), params);
    web::check_params_utf8(params);
    for (const auto& [key, value] : params) {
      fuzz::check_utf8(key, "a parameter name passed the UTF-8 check but is invalid");
      fuzz::check_utf8(value, "a parameter value passed the UTF-8 check but is invalid");
    }
    for (bool page : {false, true}) {
      try {
        check_search_params(page ? web::parse_page_params(params) : web::parse_api_params(params), page);
      } catch (const web::HttpError& e) {
        fuzz::check(e.status == 400, "a parameter error that is not a 400");
      }
    }
  } catch (const web::HttpError& e) {
    fuzz::check(e.status == 400, "an encoding error that is not a 400");
  }
  return 0;
}
