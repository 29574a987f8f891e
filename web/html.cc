#include "web/html.h"

#include <cctype>

#include "common/strings.h"

namespace zh::web {
namespace {

bool is_continuation(unsigned char c) { return (c & 0xC0) == 0x80; }

}  // namespace

std::string escape_html(std::string_view text) {
  std::string out;
  out.reserve(text.size() + text.size() / 8);
  for (char c : text) {
    switch (c) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '"': out += "&quot;"; break;
      case '\'': out += "&#39;"; break;
      default: out += c;
    }
  }
  return out;
}

std::string highlighted_html(std::string_view text, const std::vector<search::Span>& spans) {
  std::string out;
  out.reserve(text.size() + spans.size() * 16);
  std::size_t pos = 0;
  for (const search::Span& span : spans) {
    std::size_t begin = span.begin, end = span.end;
    if (begin < pos || end > text.size() || begin >= end) continue;
    while (begin > pos && is_continuation(static_cast<unsigned char>(text[begin]))) --begin;
    while (end < text.size() && is_continuation(static_cast<unsigned char>(text[end]))) ++end;
    out += escape_html(text.substr(pos, begin - pos));
    out += "<mark>";
    out += escape_html(text.substr(begin, end - begin));
    out += "</mark>";
    pos = end;
  }
  out += escape_html(text.substr(pos));
  return out;
}

bool is_web_url(std::string_view url) {
  auto starts_with_ci = [&](std::string_view prefix) {
    if (url.size() < prefix.size()) return false;
    for (std::size_t i = 0; i < prefix.size(); ++i)
      if (ascii_lower(url[i]) != prefix[i]) return false;
    return true;
  };
  std::size_t scheme = 0;
  if (starts_with_ci("https://")) scheme = 8;
  else if (starts_with_ci("http://")) scheme = 7;
  else return false;
  if (url.size() == scheme) return false;
  for (char c : url)
    if (static_cast<unsigned char>(c) <= 0x20 || c == 0x7F) return false;
  return true;
}

std::string url_encode(std::string_view text) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string out;
  out.reserve(text.size() * 3);
  for (unsigned char c : text) {
    if (std::isalnum(c) || c == '-' || c == '_' || c == '.' || c == '~') {
      out += static_cast<char>(c);
    } else {
      out += '%';
      out += kHex[c >> 4];
      out += kHex[c & 15];
    }
  }
  return out;
}

std::string host_of(std::string_view url) {
  const std::size_t scheme = url.find("://");
  std::string_view rest = url.substr(scheme == std::string_view::npos ? 0 : scheme + 3);
  rest = rest.substr(0, rest.find_first_of("/?#"));
  if (rest.rfind("www.", 0) == 0) rest.remove_prefix(4);
  return std::string(rest);
}

}  // namespace zh::web
