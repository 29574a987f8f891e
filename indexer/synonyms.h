// Synonym groups for mixed Chinese/English talk, from a text file with one
// group per line ("人工智能 AI", "大语言模型 LLM 大模型"); '#' starts a
// comment. Stored in Xapian's synonym table (see IndexWriter), normalized
// like everything else (AI, ai and ＡＩ are one entry).
#pragma once

#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

namespace zh::index {

using SynonymGroups = std::vector<std::vector<std::string>>;

// Parses `text`. Throws zh::UsageError naming the line for a group with
// fewer than two distinct entries or invalid UTF-8.
SynonymGroups parse_synonyms(std::string_view text);

// Reads and parses `file`. Throws zh::EnvironmentError when it cannot be
// read, zh::UsageError (naming the file and line) as parse_synonyms().
SynonymGroups read_synonyms(const std::filesystem::path& file);

}  // namespace zh::index
