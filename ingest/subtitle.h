// SubRip (.srt) and WebVTT (.vtt) subtitles to text blocks. Cues are merged
// into blocks of readable length, cut at sentence ends where possible; each
// block keeps the start time of its first cue, so the passages made from it
// do too. Tolerant of what real subtitle files contain: BOMs and CRs, cue
// numbers and identifiers, cue settings, NOTE/STYLE/REGION blocks, <i>, <c>,
// <v Speaker> and {\an8} tags, entities, a truncated last cue, and
// timestamps out of order (a warning, and the cues are kept in file order).
// Stateless and thread-safe.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "ingest/passage_splitter.h"

namespace zh::ingest {

enum class SubtitleFormat { Srt, WebVtt };

struct SubtitleText {
  std::vector<TextBlock> blocks;      // paragraphs only (no headings), in file order
  std::vector<std::string> warnings;  // non-fatal problems, for the report
  std::size_t cues = 0;               // cues with text
};

struct SubtitleLimits {
  std::size_t target_chars = 80;  // a block ends at the first sentence end past this
  std::size_t max_chars = 200;    // and at the next cue boundary past this
};

// Parses subtitle `utf8` (already decoded). Both formats are read by the
// same tolerant parser; `format` only decides whether a WEBVTT header is
// expected (its absence in a .vtt file is a warning).
// Throws zh::InputError when the file holds no cue text at all.
SubtitleText parse_subtitles(std::string_view utf8, SubtitleFormat format, const SubtitleLimits& limits = {});

// Parses a cue timestamp ("01:02:03,456", "02:03.456", "1:02:03.4") into
// seconds. Returns nullopt when `text` is not a timestamp.
std::optional<double> parse_timestamp(std::string_view text);

}  // namespace zh::ingest
