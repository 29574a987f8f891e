#include "ingest/subtitle.h"

#include <fmt/format.h>

#include <algorithm>
#include <charconv>
#include <cmath>

#include "common/error.h"
#include "text/utf8.h"

namespace zh::ingest {
namespace {

using text::count_code_points;
using text::next_code_point;

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r')) s.remove_suffix(1);
  return s;
}

bool all_digits(std::string_view s) {
  return !s.empty() && std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
}

// A line made only of timestamp characters: a timing line cut short.
bool looks_like_broken_timing(std::string_view s) {
  if (s.find(':') == std::string_view::npos) return false;
  return std::all_of(s.begin(), s.end(), [](char c) {
    return (c >= '0' && c <= '9') || c == ':' || c == ',' || c == '.' || c == ' ' || c == '-' || c == '>';
  });
}

// "NOTE", "STYLE" or "REGION" alone or followed by a space: a VTT block
// that is not a cue.
bool starts_vtt_meta_block(std::string_view line) {
  for (std::string_view word : {"NOTE", "STYLE", "REGION"})
    if (line.substr(0, word.size()) == word && (line.size() == word.size() || line[word.size()] == ' ' ||
                                                line[word.size()] == '\t'))
      return true;
  return false;
}

std::string timestamp_text(double seconds) {
  const auto ms = static_cast<long long>(std::llround(seconds * 1000));
  return fmt::format("{:02}:{:02}:{:02}.{:03}", ms / 3600000, ms / 60000 % 60, ms / 1000 % 60, ms % 1000);
}

void append_entity(std::string& out, std::string_view name) {
  if (name == "amp") out += '&';
  else if (name == "lt") out += '<';
  else if (name == "gt") out += '>';
  else if (name == "quot") out += '"';
  else if (name == "apos") out += '\'';
  else if (name == "nbsp") out += ' ';
  else if (name == "lrm" || name == "rlm") {}
  else if (name.size() > 1 && name[0] == '#') {
    unsigned value = 0;
    const bool hex = name[1] == 'x' || name[1] == 'X';
    const char* first = name.data() + (hex ? 2 : 1);
    const auto [end, ec] = std::from_chars(first, name.data() + name.size(), value, hex ? 16 : 10);
    if (ec == std::errc() && end == name.data() + name.size() && value > 0x1F && value <= 0x10FFFF &&
        !(value >= 0xD800 && value <= 0xDFFF))
      text::append_utf8(out, static_cast<char32_t>(value));
  } else {
    out += '&';
    out += name;
    out += ';';
  }
}

// The text of one cue line: tags (<i>, </b>, <c.x>, <v Name>, <00:01.000>),
// {\an8}-style override codes and entities removed or decoded.
std::string clean_cue_line(std::string_view line) {
  std::string out;
  out.reserve(line.size());
  for (std::size_t i = 0; i < line.size();) {
    const char c = line[i];
    if (c == '<' && i + 1 < line.size()) {
      const char n = line[i + 1];
      const bool tag_start = n == '/' || (n >= 'a' && n <= 'z') || (n >= 'A' && n <= 'Z') || (n >= '0' && n <= '9');
      const std::size_t close = line.find('>', i + 1);
      if (tag_start && close != std::string_view::npos) {
        i = close + 1;
        continue;
      }
    }
    if (c == '{' && i + 1 < line.size() && line[i + 1] == '\\') {
      const std::size_t close = line.find('}', i + 1);
      if (close != std::string_view::npos) {
        i = close + 1;
        continue;
      }
    }
    if (c == '&') {
      const std::size_t semi = line.find(';', i + 1);
      if (semi != std::string_view::npos && semi - i <= 10) {
        append_entity(out, line.substr(i + 1, semi - i - 1));
        i = semi + 1;
        continue;
      }
    }
    out += c;
    ++i;
  }
  return std::string(trim(out));
}

bool is_cjk(char32_t c) {
  return (c >= 0x2E80 && c <= 0x9FFF) || (c >= 0xAC00 && c <= 0xD7AF) || (c >= 0xF900 && c <= 0xFAFF) ||
         (c >= 0xFE30 && c <= 0xFE4F) || (c >= 0xFF00 && c <= 0xFFEF) || (c >= 0x20000 && c <= 0x3FFFF);
}

char32_t last_code_point(std::string_view s) {
  std::size_t start = s.size();
  while (start > 0 && (static_cast<unsigned char>(s[start - 1]) & 0xC0) == 0x80) --start;
  if (start > 0) --start;
  std::size_t pos = start;
  return s.empty() ? 0 : next_code_point(s, pos);
}

char32_t first_code_point(std::string_view s) {
  std::size_t pos = 0;
  return s.empty() ? 0 : next_code_point(s, pos);
}

// Joins two pieces of running text: directly between CJK characters (so a
// phrase split across cues is still found), with a space otherwise.
void join(std::string& out, std::string_view piece) {
  if (piece.empty()) return;
  if (!out.empty() && !(is_cjk(last_code_point(out)) && is_cjk(first_code_point(piece)))) out += ' ';
  out += piece;
}

bool ends_sentence(std::string_view s) {
  switch (last_code_point(s)) {
    case U'。': case U'！': case U'？': case U'；': case U'!': case U'?': case U'.': case U'…':
    case U'”': case U'」': case U'』': case U'♪':
      return true;
    default:
      return false;
  }
}

struct Cue {
  double start = 0;
  std::size_t line = 0;  // 1-based line of its timing line
  std::string text;
};

class CueReader {
 public:
  CueReader(SubtitleFormat format, std::vector<std::string>& warnings) : format_(format), warnings_(warnings) {}

  void read(std::string_view text) {
    std::vector<std::string_view> lines;
    for (std::size_t start = 0; start <= text.size();) {
      std::size_t eol = text.find('\n', start);
      if (eol == std::string_view::npos) eol = text.size();
      lines.push_back(text.substr(start, eol - start));
      start = eol + 1;
    }
    if (!lines.empty() && lines.front().substr(0, 3) == "\xEF\xBB\xBF") lines.front().remove_prefix(3);
    bool at_block_start = true, in_cue = false, skipping = false, saw_header = false;
    for (std::size_t i = 0; i < lines.size(); ++i) {
      const std::string_view line = trim(lines[i]);
      if (line.empty()) {
        at_block_start = true;
        in_cue = skipping = false;
        continue;
      }
      // A timing line ends a header with no blank line after it.
      if (skipping && !(saw_header && cues_.empty() && line.find("-->") != std::string_view::npos)) continue;
      skipping = false;
      const bool block_start = at_block_start;
      at_block_start = false;
      if (block_start && cues_.empty() && !in_cue && line.substr(0, 6) == "WEBVTT") {
        saw_header = skipping = true;
        continue;
      }
      if (block_start && starts_vtt_meta_block(line) && line.find("-->") == std::string_view::npos) {
        skipping = true;
        continue;
      }
      if (line.find("-->") != std::string_view::npos) {
        start_cue(line, i + 1);
        in_cue = true;
        continue;
      }
      if (looks_like_broken_timing(line)) {
        warnings_.push_back(fmt::format("line {}: unreadable timing line \"{}\" (truncated file?); skipped", i + 1,
                                        text::utf8_prefix(line, 40)));
        in_cue = false;
        continue;
      }
      const bool next_is_timing = i + 1 < lines.size() && lines[i + 1].find("-->") != std::string_view::npos;
      if (block_start && (next_is_timing || all_digits(line))) continue;  // cue number or identifier
      if (!in_cue && cues_.empty()) {
        if (!orphan_warned_)
          warnings_.push_back(fmt::format("line {}: text outside any cue; skipped", i + 1));
        orphan_warned_ = true;
        continue;
      }
      // Cue text (or text after a stray blank line inside a cue).
      if (all_digits(line) && next_is_timing) continue;  // a cue number with no blank line before it
      add_text(line);
    }
    if (format_ == SubtitleFormat::WebVtt && !saw_header)
      warnings_.push_back("no WEBVTT header; read as subtitles anyway");
    if (!cues_.empty() && cues_.back().text.empty() && cues_.size() > 1)
      warnings_.push_back(fmt::format("line {}: the last cue has no text (truncated file?)", cues_.back().line));
    if (out_of_order_ > 0)
      warnings_.push_back(fmt::format("timestamps out of order: the cue at line {} starts at {}, before the cue "
                                      "before it ({}){}; cues kept in file order",
                                      first_disorder_.line, timestamp_text(first_disorder_.start),
                                      timestamp_text(first_disorder_previous_),
                                      out_of_order_ > 1 ? fmt::format(", and {} more", out_of_order_ - 1) : ""));
  }

  std::vector<Cue>& cues() { return cues_; }

 private:
  void start_cue(std::string_view line, std::size_t line_number) {
    Cue cue;
    cue.line = line_number;
    const std::string_view start_text = trim(line.substr(0, line.find("-->")));
    const auto start = parse_timestamp(start_text);
    const double previous = cues_.empty() ? 0 : cues_.back().start;
    if (start) {
      cue.start = *start;
      if (!cues_.empty() && *start + 0.0005 < previous) {
        if (out_of_order_++ == 0) {
          first_disorder_ = cue;
          first_disorder_previous_ = previous;
        }
      }
    } else {
      warnings_.push_back(fmt::format("line {}: unreadable start time \"{}\"; using the previous cue's time",
                                      line_number, text::utf8_prefix(start_text, 40)));
      cue.start = previous;
    }
    cues_.push_back(std::move(cue));
  }

  void add_text(std::string_view raw) {
    std::string line = clean_cue_line(raw);
    if (line.empty()) return;
    Cue& cue = cues_.back();
    // Rolling captions (YouTube's) repeat the previous cue's last line.
    if (cue.text.empty() && line == last_line_) return;
    join(cue.text, line);
    last_line_ = std::move(line);
  }

  SubtitleFormat format_;
  std::vector<std::string>& warnings_;
  std::vector<Cue> cues_;
  std::string last_line_;
  bool orphan_warned_ = false;
  std::size_t out_of_order_ = 0;
  Cue first_disorder_;
  double first_disorder_previous_ = 0;
};

}  // namespace

std::optional<double> parse_timestamp(std::string_view text) {
  text = trim(text);
  // Fields separated by ':'; the last may have a fraction after '.' or ','.
  double fields[3] = {0, 0, 0};
  int count = 0;
  std::size_t pos = 0;
  while (true) {
    if (count == 3) return std::nullopt;
    const std::size_t colon = text.find(':', pos);
    const std::string_view field = text.substr(pos, colon == std::string_view::npos ? std::string_view::npos
                                                                                    : colon - pos);
    if (colon != std::string_view::npos) {
      unsigned v = 0;
      const auto [end, ec] = std::from_chars(field.data(), field.data() + field.size(), v);
      if (ec != std::errc() || end != field.data() + field.size() || field.size() > 4) return std::nullopt;
      fields[count++] = v;
      pos = colon + 1;
      continue;
    }
    const std::size_t dot = field.find_first_of(".,");
    const std::string_view whole = field.substr(0, dot);
    unsigned v = 0;
    const auto [end, ec] = std::from_chars(whole.data(), whole.data() + whole.size(), v);
    if (ec != std::errc() || end != whole.data() + whole.size() || whole.size() > 2) return std::nullopt;
    double seconds = v;
    if (dot != std::string_view::npos) {
      const std::string_view frac = field.substr(dot + 1);
      if (frac.empty() || frac.size() > 3 || !all_digits(frac)) return std::nullopt;
      unsigned f = 0;
      std::from_chars(frac.data(), frac.data() + frac.size(), f);
      seconds += f / std::pow(10.0, static_cast<double>(frac.size()));
    }
    fields[count++] = seconds;
    break;
  }
  if (count < 2) return std::nullopt;  // "12" alone is a cue number, not a time
  const double h = count == 3 ? fields[0] : 0, m = fields[count - 2], s = fields[count - 1];
  if (m >= 60 || s >= 60) return std::nullopt;
  return h * 3600 + m * 60 + s;
}

SubtitleText parse_subtitles(std::string_view utf8, SubtitleFormat format, const SubtitleLimits& limits) {
  SubtitleText out;
  CueReader reader(format, out.warnings);
  reader.read(utf8);

  std::string current;
  std::optional<double> current_start;
  std::size_t current_chars = 0;
  auto flush = [&] {
    if (current.empty()) return;
    out.blocks.push_back(TextBlock{false, std::move(current), current_start});
    current.clear();
    current_chars = 0;
  };
  for (Cue& cue : reader.cues()) {
    if (cue.text.empty()) continue;
    ++out.cues;
    if (current.empty()) current_start = cue.start;
    join(current, cue.text);
    current_chars = count_code_points(current);
    if (current_chars >= limits.max_chars || (current_chars >= limits.target_chars && ends_sentence(current)))
      flush();
  }
  // A short tail joins the block before it rather than stand alone.
  if (!current.empty() && !out.blocks.empty() && current_chars < limits.target_chars / 2 &&
      count_code_points(out.blocks.back().text) + current_chars <= limits.max_chars * 2) {
    join(out.blocks.back().text, current);
    current.clear();
  }
  flush();
  if (out.blocks.empty()) {
    const std::size_t cues = reader.cues().size();
    throw InputError(cues == 0 ? std::string("no subtitle cues found: not an SRT/WebVTT file, or it is empty")
                               : fmt::format("no subtitle text: {} cue{} but none has any text", cues,
                                             cues == 1 ? "" : "s"));
  }
  return out;
}

}  // namespace zh::ingest
