#include "ingest/passage_splitter.h"

#include <algorithm>

#include "text/utf8.h"

namespace zh::ingest {
namespace {

using text::count_code_points;
using text::next_code_point;

constexpr std::size_t kMaxImplicitHeadingChars = 40;

bool is_sentence_end(char32_t c) {
  switch (c) {
    case U'。': case U'！': case U'？': case U'；': case U'!': case U'?': case U'\n':
      return true;
    default:
      return false;
  }
}

bool is_clause_end(char32_t c) {
  switch (c) {
    case U'，': case U'、': case U'：': case U',': case U':': case U';': case U' ':
      return true;
    default:
      return false;
  }
}

bool is_closing_mark(char32_t c) {
  switch (c) {
    case U'”': case U'’': case U'」': case U'』': case U'）': case U')': case U'"': case U'》':
      return true;
    default:
      return false;
  }
}

// Cuts `text` after every code point for which `is_cut` holds (and after any
// closing quotes that follow it).
template <typename Pred>
std::vector<std::string> cut_after(const std::string& text, Pred is_cut) {
  std::vector<std::string> out;
  std::size_t piece = 0;
  for (std::size_t pos = 0; pos < text.size();) {
    if (!is_cut(next_code_point(text, pos))) continue;
    for (std::size_t peek = pos; peek < text.size();) {
      if (!is_closing_mark(next_code_point(text, peek))) break;
      pos = peek;
    }
    out.push_back(text.substr(piece, pos - piece));
    piece = pos;
  }
  if (piece < text.size()) out.push_back(text.substr(piece));
  return out;
}

bool looks_like_heading(const std::string& text) {
  if (text.empty() || text.find('\n') != std::string::npos) return false;
  if (count_code_points(text) > kMaxImplicitHeadingChars) return false;
  std::size_t pos = 0;
  char32_t last = 0;
  while (pos < text.size()) last = next_code_point(text, pos);
  return !is_sentence_end(last) && !is_clause_end(last) && last != U'.' && last != U'…' &&
         !is_closing_mark(last);
}

void mark_implicit_headings(std::vector<TextBlock>& blocks) {
  const bool has_headings = std::any_of(blocks.begin() + (blocks.empty() ? 0 : 1), blocks.end(),
                                        [](const TextBlock& b) { return b.is_heading; });
  if (has_headings) return;
  for (std::size_t i = 0; i + 1 < blocks.size(); ++i)
    if (!blocks[i].is_heading && !blocks[i + 1].is_heading && looks_like_heading(blocks[i].text) &&
        !looks_like_heading(blocks[i + 1].text))
      blocks[i].is_heading = true;
}

// Pieces of at most `max_chars` code points each where punctuation allows.
std::vector<std::string> split_long(const std::string& text, std::size_t max_chars) {
  if (count_code_points(text) <= max_chars) return {text};
  std::vector<std::string> pieces;
  for (const auto& sentence : split_sentences(text)) {
    if (count_code_points(sentence) <= max_chars) {
      pieces.push_back(sentence);
      continue;
    }
    auto clauses = cut_after(sentence, is_clause_end);
    pieces.insert(pieces.end(), clauses.begin(), clauses.end());
  }
  std::vector<std::string> out;
  std::string current;
  for (const auto& piece : pieces) {
    if (!current.empty() && count_code_points(current) + count_code_points(piece) > max_chars) {
      out.push_back(std::move(current));
      current.clear();
    }
    current += piece;
  }
  if (!current.empty()) out.push_back(std::move(current));
  return out;
}

std::string trimmed(const std::string& s) {
  const auto first = s.find_first_not_of(" \t\r\n");
  if (first == std::string::npos) return "";
  const auto last = s.find_last_not_of(" \t\r\n");
  return s.substr(first, last - first + 1);
}

class PassageBuilder {
 public:
  PassageBuilder(const PassageLimits& limits) : limits_(limits) {}

  void heading(const std::string& text) {
    flush();
    heading_ = text;
    heading_pending_ = true;
    section_start_ = out_.size();
  }

  void paragraph(const std::string& text, std::optional<double> start) {
    for (auto& piece : split_long(text, limits_.max_chars)) {
      piece = trimmed(piece);
      if (piece.empty()) continue;
      const std::size_t piece_chars = count_code_points(piece);
      if (!pending_.empty() && (pending_chars_ >= limits_.min_chars ||
                                pending_chars_ + piece_chars > limits_.max_chars))
        flush();
      if (pending_.empty()) {
        pending_start_ = start;
      } else {
        pending_ += '\n';
      }
      pending_ += piece;
      pending_chars_ += piece_chars;
    }
  }

  std::vector<Passage> finish() {
    flush();
    for (std::size_t i = 0; i < out_.size(); ++i) out_[i].ordinal = static_cast<std::uint32_t>(i);
    return std::move(out_);
  }

 private:
  void flush() {
    if (pending_.empty()) return;
    const bool merge_back = pending_chars_ < limits_.min_chars && out_.size() > section_start_ &&
                            count_code_points(out_.back().text) + pending_chars_ <= limits_.max_chars;
    if (merge_back) {
      out_.back().text += "\n" + pending_;
    } else {
      Passage p;
      p.heading = heading_;
      if (heading_pending_) p.context = heading_;
      p.text = std::move(pending_);
      p.start_time_seconds = pending_start_;
      out_.push_back(std::move(p));
      heading_pending_ = false;
    }
    pending_.clear();
    pending_chars_ = 0;
  }

  const PassageLimits& limits_;
  std::vector<Passage> out_;
  std::string heading_;
  bool heading_pending_ = false;
  std::size_t section_start_ = 0;
  std::string pending_;
  std::size_t pending_chars_ = 0;
  std::optional<double> pending_start_;
};

}  // namespace

std::string trim_lines(std::string_view text) {
  std::string out;
  for (std::size_t start = 0; start <= text.size();) {
    std::size_t eol = text.find('\n', start);
    if (eol == std::string_view::npos) eol = text.size();
    std::string_view line = text.substr(start, eol - start);
    while (!line.empty() && (line.back() == ' ' || line.back() == '\t' || line.back() == '\r')) line.remove_suffix(1);
    while (!line.empty() && (line.front() == ' ' || line.front() == '\t')) line.remove_prefix(1);
    if (!line.empty()) {
      if (!out.empty()) out += '\n';
      out += line;
    }
    start = eol + 1;
  }
  return out;
}

std::vector<std::string> split_sentences(const std::string& text) { return cut_after(text, is_sentence_end); }

std::vector<Passage> split_passages(std::vector<TextBlock> blocks, const std::string& title,
                                    const PassageLimits& limits) {
  mark_implicit_headings(blocks);
  PassageBuilder builder(limits);
  std::vector<std::string> orphan_headings;
  for (std::size_t i = 0; i < blocks.size(); ++i) {
    const TextBlock& b = blocks[i];
    if (b.is_heading) {
      const bool followed_by_text = i + 1 < blocks.size() && !blocks[i + 1].is_heading;
      if (!followed_by_text) orphan_headings.push_back(b.text);
      builder.heading(b.text);
    } else {
      builder.paragraph(b.text, b.start_time_seconds);
    }
  }
  std::vector<Passage> passages = builder.finish();
  // Headings with no text under them (and a title with no body) must still
  // be findable: they become context of the nearest passage.
  if (passages.empty() && (!title.empty() || !orphan_headings.empty())) passages.push_back(Passage{});
  if (!passages.empty()) {
    Passage& first = passages.front();
    std::string context = title;
    for (const auto& h : orphan_headings) context += "\n" + h;
    if (!first.context.empty() && first.context != title) context += "\n" + first.context;
    first.context = trimmed(context);
  }
  return passages;
}

}  // namespace zh::ingest
