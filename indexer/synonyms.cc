#include "indexer/synonyms.h"

#include <fmt/format.h>

#include <algorithm>
#include <fstream>
#include <sstream>

#include "common/error.h"
#include "text/normalizer.h"
#include "text/utf8.h"

namespace zh::index {

SynonymGroups parse_synonyms(std::string_view text) {
  SynonymGroups groups;
  std::istringstream lines{std::string(text)};
  std::size_t number = 0;
  for (std::string line; std::getline(lines, line);) {
    ++number;
    if (const auto hash = line.find('#'); hash != std::string::npos) line.resize(hash);
    if (text::find_invalid_utf8(line) != std::string::npos)
      throw UsageError(fmt::format("synonyms line {}: not valid UTF-8", number));
    std::istringstream words(line);
    std::vector<std::string> group;
    for (std::string w; words >> w;) {
      std::string normal = text::normalize(w);
      if (std::find(group.begin(), group.end(), normal) == group.end()) group.push_back(std::move(normal));
    }
    if (group.empty()) continue;
    if (group.size() < 2)
      throw UsageError(fmt::format("synonyms line {}: a group needs at least two different entries, separated by spaces",
                                   number));
    groups.push_back(std::move(group));
  }
  return groups;
}

SynonymGroups read_synonyms(const std::filesystem::path& file) {
  std::ifstream in(file, std::ios::binary);
  if (!in) throw EnvironmentError("cannot read synonyms file " + file.string() + "; check that it exists and is readable");
  std::ostringstream text;
  text << in.rdbuf();
  try {
    return parse_synonyms(text.str());
  } catch (const UsageError& e) {
    throw UsageError(file.string() + ": " + e.what());
  }
}

}  // namespace zh::index
