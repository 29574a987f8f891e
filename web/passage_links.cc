#include "web/passage_links.h"

#include <cctype>

#include "search/timestamp_link.h"
#include "web/html.h"

namespace zh::web {
namespace {

// The length of the UTF-8 sequence that starts with `lead` (1 for a stray byte).
std::size_t sequence_length(unsigned char lead) {
  if (lead >= 0xF0) return 4;
  if (lead >= 0xE0) return 3;
  if (lead >= 0xC0) return 2;
  return 1;
}

bool ends_fragment(std::string_view cp) {
  static constexpr std::string_view kStops[] = {"，", "。", "！", "？", "；", "：", "、", ",", ".", "!", "?", ";", ":", "\n", "\r"};
  for (std::string_view s : kStops)
    if (cp == s) return true;
  return false;
}

bool is_space(std::string_view cp) { return cp == " " || cp == "\t" || cp == "\u3000"; }

// url_encode, and '-' too: a text fragment uses it as a delimiter.
std::string fragment_encode(std::string_view text) {
  std::string out;
  for (char c : url_encode(text)) out += c == '-' ? std::string("%2D") : std::string(1, c);
  return out;
}

}  // namespace

std::string passage_anchor(std::uint32_t ordinal) { return "p-" + std::to_string(ordinal); }

std::string document_url(std::string_view key, std::string_view query, std::optional<std::uint32_t> ordinal) {
  std::string url = "/doc/";
  for (std::size_t begin = 0;;) {
    const std::size_t slash = key.find('/', begin);
    url += url_encode(key.substr(begin, slash == std::string_view::npos ? std::string_view::npos : slash - begin));
    if (slash == std::string_view::npos) break;
    url += '/';
    begin = slash + 1;
  }
  if (!query.empty()) url += "?q=" + url_encode(query);
  if (ordinal) url += "#" + passage_anchor(*ordinal);
  return url;
}

std::string text_fragment(std::string_view passage) {
  std::size_t pos = 0, count = 0, last_space = std::string_view::npos;
  // Leading spaces are not part of the text a browser matches.
  while (pos < passage.size() && (passage[pos] == ' ' || passage[pos] == '\t' || passage[pos] == '\n')) ++pos;
  const std::size_t start = pos;
  bool capped = false;
  while (pos < passage.size()) {
    const std::size_t len = std::min(sequence_length(static_cast<unsigned char>(passage[pos])), passage.size() - pos);
    const std::string_view cp = passage.substr(pos, len);
    if (ends_fragment(cp)) break;
    if (count == kMaxFragmentCodePoints) {
      capped = true;
      break;
    }
    if (is_space(cp)) last_space = pos;
    pos += len;
    ++count;
  }
  std::size_t end = pos;
  // A Latin word cut at the cap would not match (text fragments match whole words).
  if (capped && end > start && std::isalnum(static_cast<unsigned char>(passage[end - 1])) &&
      std::isalnum(static_cast<unsigned char>(passage[end])) && last_space != std::string_view::npos && last_space > start)
    end = last_space;
  std::string_view text = passage.substr(start, end - start);
  while (!text.empty() && (text.back() == ' ' || text.back() == '\t')) text.remove_suffix(1);
  return fragment_encode(text);
}

std::string passage_link(std::string_view source, std::optional<double> start_time, std::string_view passage) {
  if (!is_web_url(source)) return "";
  if (start_time) return search::timestamp_link(source, *start_time);
  const std::string fragment = text_fragment(passage);
  if (fragment.empty()) return std::string(source);
  std::string link(source);
  link += link.find('#') == std::string::npos ? "#:~:text=" : ":~:text=";
  return link + fragment;
}

}  // namespace zh::web
