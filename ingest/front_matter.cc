#include "ingest/front_matter.h"

#include <yaml-cpp/yaml.h>

#include <sstream>

#include "text/utf8.h"

namespace zh::ingest {
namespace {

// Obsidian-style wiki links ("[[@name]]") and stray quotes are markup, not names.
// yaml-cpp gives invalid UTF-8 for YAML holding a NUL byte; the pipeline
// strips NULs first, but metadata must be valid UTF-8 for any input, so
// such bytes become U+FFFD (found by the front-matter fuzzer, issue 7).
std::string clean_scalar(std::string s) {
  s = text::repair_utf8(s);
  if (s.size() >= 4 && s.starts_with("[[") && s.ends_with("]]")) s = s.substr(2, s.size() - 4);
  const auto first = s.find_first_not_of(" \t");
  const auto last = s.find_last_not_of(" \t");
  return first == std::string::npos ? "" : s.substr(first, last - first + 1);
}

std::vector<std::string> scalars(const YAML::Node& node) {
  std::vector<std::string> out;
  if (node.IsScalar()) {
    out.push_back(clean_scalar(node.as<std::string>()));
  } else if (node.IsSequence()) {
    for (const auto& item : node)
      if (item.IsScalar()) out.push_back(clean_scalar(item.as<std::string>()));
  }
  std::erase(out, "");
  return out;
}

std::string first_scalar(const YAML::Node& node) {
  auto all = scalars(node);
  return all.empty() ? "" : all.front();
}

std::string joined(const std::vector<std::string>& parts) {
  std::string out;
  for (const auto& p : parts) out += (out.empty() ? "" : ", ") + p;
  return out;
}

// Tags come as a list, or as one string of "#tag" words ("#AI #OpenAI").
std::vector<std::string> tags_of(const YAML::Node& node) {
  std::vector<std::string> out;
  for (const auto& item : scalars(node)) {
    std::istringstream words(item);
    for (std::string w; words >> w;) {
      if (w.starts_with('@')) continue;  // a handle, not a tag
      while (!w.empty() && w.front() == '#') w.erase(0, 1);
      if (!w.empty()) out.push_back(w);
    }
  }
  return out;
}

}  // namespace

FrontMatterSplit split_front_matter(std::string_view text) {
  if (!text.starts_with("---\n") && !text.starts_with("---\r\n")) return {{}, text};
  const std::size_t start = text.find('\n') + 1;
  for (std::size_t line = start; line < text.size();) {
    std::size_t eol = text.find('\n', line);
    if (eol == std::string_view::npos) eol = text.size();
    std::string_view l = text.substr(line, eol - line);
    if (l.ends_with('\r')) l.remove_suffix(1);
    if (l == "---" || l == "...")
      return {text.substr(start, line - start), text.substr(std::min(eol + 1, text.size()))};
    line = eol + 1;
  }
  return {{}, text};  // no closing fence: not front matter
}

void parse_front_matter(std::string_view yaml, DocumentMeta& meta, std::vector<std::string>& warnings) {
  if (yaml.empty()) return;
  YAML::Node root;
  try {
    root = YAML::Load(std::string(yaml));
  } catch (const YAML::Exception& e) {
    // yaml-cpp quotes single bytes of the input in its messages, which may
    // cut a character in two (found by the front-matter fuzzer, issue 7).
    warnings.push_back("front matter is not valid YAML (" + text::repair_utf8(e.msg) + "); ignored it");
    return;
  }
  if (!root.IsMap()) {
    warnings.push_back("front matter is not a YAML mapping; ignored it");
    return;
  }
  try {
    if (auto v = first_scalar(root["title"]); !v.empty()) meta.title = v;
    for (const char* key : {"source", "url", "link"})
      if (auto v = first_scalar(root[key]); !v.empty() && meta.source.empty()) meta.source = v;
    if (auto v = joined(scalars(root["author"])); !v.empty()) meta.author = v;
    for (const char* key : {"date", "created", "published"})
      if (auto v = first_scalar(root[key]); !v.empty() && meta.date.empty()) meta.date = v;
    if (auto v = first_scalar(root["description"]); !v.empty()) meta.description = v;
    if (auto v = tags_of(root["tags"]); !v.empty()) meta.tags = v;
  } catch (const YAML::Exception& e) {
    warnings.push_back("front matter field has an unexpected shape (" + text::repair_utf8(e.msg) + "); ignored it");
  }
}

}  // namespace zh::ingest
