#include "web/cors.h"

#include <algorithm>
#include <cctype>

#include "common/error.h"
#include "common/strings.h"

namespace zh::web {
namespace {

bool is_origin(std::string_view s) {
  std::size_t rest = 0;
  if (s.rfind("http://", 0) == 0) rest = 7;
  else if (s.rfind("https://", 0) == 0) rest = 8;
  else return false;
  if (s.size() == rest) return false;
  for (char c : s.substr(rest))
    if (!(std::isalnum(static_cast<unsigned char>(c)) || c == '.' || c == '-' || c == ':' || c == '[' || c == ']'))
      return false;
  return true;
}

}  // namespace

CorsPolicy::CorsPolicy(std::vector<std::string> origins) {
  for (std::string& o : origins) {
    if (o == "*") {
      any_ = true;
      continue;
    }
    while (!o.empty() && o.back() == '/') o.pop_back();
    o = ascii_lower(o);
    if (!is_origin(o))
      throw UsageError("--cors-origin " + o +
                       " is not an origin; write it as scheme://host[:port], e.g. https://blog.example.com, or *");
    origins_.push_back(o);
  }
}

std::optional<std::string> CorsPolicy::allow(std::string_view origin) const {
  if (origin.empty()) return std::nullopt;
  if (any_) return std::string("*");
  const std::string o = ascii_lower(origin);
  if (std::find(origins_.begin(), origins_.end(), o) != origins_.end()) return std::string(origin);
  return std::nullopt;
}

}  // namespace zh::web
