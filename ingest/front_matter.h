// YAML front matter ("---" ... "---" at the top of a Markdown file):
// title, source/url, author, date/created, tags, description.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "ingest/document.h"

namespace zh::ingest {

struct FrontMatterSplit {
  std::string_view yaml;  // without the fences; empty when there is none
  std::string_view body;  // the rest of the text
};

// Splits off front matter. Text without it gives {"", text}.
FrontMatterSplit split_front_matter(std::string_view text);

// Parses `yaml` into `meta` (fields present in it override). Malformed
// YAML adds a warning to `warnings` and leaves `meta` as it was.
void parse_front_matter(std::string_view yaml, DocumentMeta& meta, std::vector<std::string>& warnings);

}  // namespace zh::ingest
