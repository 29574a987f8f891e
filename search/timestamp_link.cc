#include "search/timestamp_link.h"

#include <fmt/format.h>

#include <algorithm>

#include "common/strings.h"

namespace zh::search {
namespace {

bool host_is(std::string_view host, std::string_view domain) {
  return host == domain || (host.size() > domain.size() && host.ends_with(domain) &&
                            host[host.size() - domain.size() - 1] == '.');
}

// Removes every `t=...` parameter from query string `query` (without '?').
std::string without_t(std::string_view query) {
  std::string out;
  for (std::size_t pos = 0; pos <= query.size();) {
    std::size_t end = query.find('&', pos);
    if (end == std::string_view::npos) end = query.size();
    const std::string_view param = query.substr(pos, end - pos);
    if (!param.empty() && param != "t" && !param.starts_with("t=")) {
      if (!out.empty()) out += '&';
      out += param;
    }
    pos = end + 1;
  }
  return out;
}

}  // namespace

long timestamp_second(double seconds) {
  constexpr double kMaxSeconds = 1e12;  // keeps the conversion defined for any input
  return seconds > 0 ? static_cast<long>(std::min(seconds, kMaxSeconds)) : 0;
}

std::string clock_time(double seconds, bool pad_minutes) {
  const long s = timestamp_second(seconds);
  if (s >= 3600) return fmt::format("{}:{:02}:{:02}", s / 3600, s / 60 % 60, s % 60);
  if (pad_minutes) return fmt::format("{:02}:{:02}", s / 60, s % 60);
  return fmt::format("{}:{:02}", s / 60, s % 60);
}

std::string timestamp_link(std::string_view source, double seconds) {
  if (source.empty()) return "";
  const std::string lower = ascii_lower(source.substr(0, 8));
  const std::size_t scheme_end = source.find("://");
  if (!(lower.starts_with("http://") || lower.starts_with("https://")) || scheme_end == std::string_view::npos)
    return std::string(source);
  const long t = timestamp_second(seconds);
  const std::size_t host_begin = scheme_end + 3;
  const std::size_t host_end = std::min(source.find_first_of("/?#", host_begin), source.size());
  std::string host = ascii_lower(source.substr(host_begin, host_end - host_begin));
  if (const auto at = host.rfind('@'); at != std::string::npos) host.erase(0, at + 1);
  if (const auto colon = host.find(':'); colon != std::string::npos) host.erase(colon);

  const std::size_t hash = std::min(source.find('#'), source.size());
  const std::string_view before_fragment = source.substr(0, hash);
  const bool query_form = host_is(host, "youtube.com") || host_is(host, "youtu.be") ||
                          host_is(host, "youtube-nocookie.com") || host_is(host, "bilibili.com") ||
                          host_is(host, "b23.tv");
  if (!query_form) return fmt::format("{}#t={}", before_fragment, t);
  const std::size_t q = before_fragment.find('?');
  const std::string_view base = before_fragment.substr(0, q);
  const std::string query = q == std::string_view::npos ? "" : without_t(before_fragment.substr(q + 1));
  return fmt::format("{}?{}{}t={}", base, query, query.empty() ? "" : "&", t);
}

}  // namespace zh::search
