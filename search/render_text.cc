#include "search/render_text.h"

#include <fmt/format.h>

#include "search/timestamp_link.h"

namespace zh::search {
namespace {

constexpr std::string_view kBold = "\x1b[1m";
constexpr std::string_view kMatch = "\x1b[1;31m";
constexpr std::string_view kDim = "\x1b[2m";
constexpr std::string_view kReset = "\x1b[0m";

std::string styled(std::string_view text, std::string_view style, HighlightStyle mode) {
  if (mode != HighlightStyle::Color) return std::string(text);
  return fmt::format("{}{}{}", style, text, kReset);
}

// Passage lines indented under the title line.
std::string indented(const std::string& text) {
  std::string out = "   ";
  for (char c : text) {
    out += c;
    if (c == '\n') out += "   ";
  }
  return out;
}

std::string_view plural(std::size_t n, std::string_view one, std::string_view many) { return n == 1 ? one : many; }

// "7 passages in 1 document", "about 2,000 passages in about 40 documents";
// without the noun "7 in 1 document".
std::string counts(const SearchResponse& r, bool noun) {
  const std::string_view about = r.total_is_estimate ? "about " : "";
  const std::string passages =
      noun ? fmt::format(" {}", plural(r.total_passages, "passage", "passages")) : std::string();
  return fmt::format("{}{}{} in {}{} {}", about, r.total_passages, passages, about, r.total_documents,
                     plural(r.total_documents, "document", "documents"));
}

// The last line: which passages of how many were shown, as ripgrep's "N
// matches in M files", and whether the per-document collapse hid some.
std::string summary(const SearchResponse& r) {
  if (r.results.empty()) {
    if (r.total == 0) return "no passages found";
    return fmt::format("no passages shown: --offset is past the last of {} {}", r.total,
                       plural(r.total, "passage", "passages"));
  }
  const std::size_t first = r.results.front().rank, last = r.results.back().rank;
  std::string out;
  if (first == last && r.total_passages == 1 && !r.total_is_estimate) out = "passage 1 of 1";
  else if (first == last) out = fmt::format("passage {} of {}", first, counts(r, false));
  else out = fmt::format("{}–{} of {}", first, last, counts(r, true));
  if (r.total_passages > r.total) {
    // Paging reaches `total`: the rest are behind the per-document limit.
    out += fmt::format(" ({} shown per document; --per-doc 0 shows all)", r.per_doc);
  }
  return out;
}

}  // namespace

std::string mark(std::string_view text, const std::vector<Span>& spans, HighlightStyle style) {
  std::string out;
  std::size_t at = 0;
  for (const Span& s : spans) {
    if (s.begin < at || s.end > text.size()) continue;
    out.append(text.substr(at, s.begin - at));
    const std::string_view m = text.substr(s.begin, s.end - s.begin);
    switch (style) {
      case HighlightStyle::Color: out += fmt::format("{}{}{}", kMatch, m, kReset); break;
      case HighlightStyle::Brackets: out += fmt::format("【{}】", m); break;
      case HighlightStyle::None: out += m; break;
    }
    at = s.end;
  }
  out.append(text.substr(std::min(at, text.size())));
  return out;
}

std::string format_timestamp(double seconds) { return "[" + clock_time(seconds, /*pad_minutes=*/true) + "]"; }

std::string render_text(const SearchResponse& r, HighlightStyle style) {
  std::string out;
  for (const auto& line : r.explain) out += styled(line, kDim, style) + "\n";
  if (!r.explain.empty()) out += "\n";
  if (r.relaxed)
    out += styled("No passage contains the whole query; showing passages with some of its words.", kDim, style) +
           "\n\n";
  for (const Hit& hit : r.results) {
    std::string title = hit.title.empty() ? hit.doc : hit.title;
    // Matches in the title are marked too (the bold resumes after each).
    std::string shown_title = hit.title.empty() ? title : mark(title, hit.title_highlights, style);
    if (style == HighlightStyle::Color) {
      std::string resumed;
      for (std::size_t at = 0;;) {
        const std::size_t next = shown_title.find(kReset, at);
        resumed += shown_title.substr(at, next == std::string::npos ? std::string::npos : next - at);
        if (next == std::string::npos) break;
        resumed += std::string(kReset) + std::string(kBold);
        at = next + kReset.size();
      }
      shown_title = resumed;
    }
    std::string head = fmt::format("{}. {}", hit.rank, styled(shown_title, kBold, style));
    if (!hit.heading.empty() && hit.heading != hit.title)
      head += " › " + mark(hit.heading, hit.heading_highlights, style);
    out += head + "\n";
    std::string where = hit.doc;
    if (hit.start_time) {
      where += ' ';
      where += format_timestamp(*hit.start_time);
    }
    // A subtitle hit links to its moment in the video (the JSON keeps
    // "source" as stored; only this text output links the moment).
    if (!hit.source.empty())
      where += " · " + (hit.start_time ? timestamp_link(hit.source, *hit.start_time) : hit.source);
    out += "   " + styled(where, kDim, style) + "\n";
    out += indented(mark(hit.passage, hit.highlights, style)) + "\n";
    for (const auto& e : hit.explain) out += "   " + styled(e, kDim, style) + "\n";
    out += "\n";
  }
  out += styled(fmt::format("{} ({:.1f} ms)", summary(r), r.took_ms), kDim, style) + "\n";
  return out;
}

}  // namespace zh::search
