// Which web origins may call the API from a browser (--cors-origin). The
// list is empty by default: no cross-origin access unless asked for. "*"
// allows any origin. Immutable after construction, so thread-safe.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace zh::web {

class CorsPolicy {
 public:
  // `origins`: exact origins such as "https://blog.example.com" (scheme,
  // host and port; a trailing '/' is ignored) or "*".
  // Throws zh::UsageError for an entry that is not "*" and not an
  // http(s)://host[:port] origin.
  explicit CorsPolicy(std::vector<std::string> origins = {});

  // The Access-Control-Allow-Origin value for a request whose Origin header
  // is `origin`, or nullopt when that origin is not allowed (or absent).
  std::optional<std::string> allow(std::string_view origin) const;

  bool empty() const { return origins_.empty() && !any_; }

 private:
  std::vector<std::string> origins_;
  bool any_ = false;
};

}  // namespace zh::web
