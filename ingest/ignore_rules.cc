#include "ingest/ignore_rules.h"

#include <fstream>
#include <sstream>

namespace zh::ingest {
namespace fs = std::filesystem;
namespace {

bool is_hidden_name(std::string_view name) { return name.size() > 1 && name[0] == '.'; }

// Matches one bracket expression at the start of `glob` against byte `c`;
// sets `length` to the expression's length (0 when it is not closed, and
// then '[' is an ordinary character).
bool class_matches(std::string_view glob, char c, std::size_t& length) {
  std::size_t i = 1;
  const bool negated = i < glob.size() && (glob[i] == '!' || glob[i] == '^');
  if (negated) ++i;
  bool found = false;
  const std::size_t first = i;
  for (; i < glob.size(); ++i) {
    if (glob[i] == ']' && i > first) {
      length = i + 1;
      return found != negated;
    }
    char lo = glob[i];
    if (lo == '\\' && i + 1 < glob.size()) lo = glob[++i];
    char hi = lo;
    if (i + 2 < glob.size() && glob[i + 1] == '-' && glob[i + 2] != ']') {
      hi = glob[i + 2];
      if (hi == '\\' && i + 3 < glob.size()) hi = glob[++i + 2];
      i += 2;
    }
    const auto u = static_cast<unsigned char>(c);
    if (static_cast<unsigned char>(lo) <= u && u <= static_cast<unsigned char>(hi)) found = true;
  }
  length = 0;
  return false;
}

std::string read_small_file(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return {};
  std::ostringstream out;
  out << in.rdbuf();
  return out.str();
}

std::string_view name_of(std::string_view relative) {
  const std::size_t slash = relative.rfind('/');
  return slash == std::string_view::npos ? relative : relative.substr(slash + 1);
}

}  // namespace

std::vector<IgnorePattern> parse_ignore_patterns(std::string_view text) {
  std::vector<IgnorePattern> out;
  std::size_t begin = 0;
  while (begin < text.size()) {
    std::size_t end = text.find('\n', begin);
    if (end == std::string_view::npos) end = text.size();
    std::string_view line = text.substr(begin, end - begin);
    begin = end + 1;
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    // Trailing spaces go, unless escaped with a backslash.
    while (!line.empty() && line.back() == ' ' && !(line.size() >= 2 && line[line.size() - 2] == '\\'))
      line.remove_suffix(1);
    if (line.empty() || line.front() == '#') continue;
    IgnorePattern p;
    if (line.front() == '!') {
      p.negated = true;
      line.remove_prefix(1);
    } else if (line.starts_with("\\!") || line.starts_with("\\#")) {
      line.remove_prefix(1);
    }
    if (!line.empty() && line.back() == '/') {
      p.folders_only = true;
      line.remove_suffix(1);
    }
    p.anchored = line.find('/') != std::string_view::npos;
    while (line.starts_with('/')) line.remove_prefix(1);
    if (line.empty()) continue;
    p.glob = std::string(line);
    out.push_back(std::move(p));
  }
  return out;
}

bool glob_matches(std::string_view glob, std::string_view path) {
  std::size_t g = 0, s = 0;
  while (g < glob.size()) {
    const char c = glob[g];
    if (c == '*') {
      if (g + 1 < glob.size() && glob[g + 1] == '*') {
        const bool folders = g + 2 < glob.size() && glob[g + 2] == '/';
        const std::string_view rest = glob.substr(folders ? g + 3 : g + 2);
        // "**/": zero or more whole folders; "**" elsewhere: anything.
        for (std::size_t k = s; k <= path.size(); ++k)
          if ((!folders || k == s || path[k - 1] == '/') && glob_matches(rest, path.substr(k))) return true;
        return false;
      }
      const std::string_view rest = glob.substr(g + 1);
      for (std::size_t k = s; k <= path.size(); ++k) {
        if (glob_matches(rest, path.substr(k))) return true;
        if (k < path.size() && path[k] == '/') break;
      }
      return false;
    }
    if (s >= path.size()) return false;
    if (c == '?') {
      if (path[s] == '/') return false;
      ++g, ++s;
      continue;
    }
    if (c == '[') {
      std::size_t length = 0;
      const bool hit = class_matches(glob.substr(g), path[s], length);
      if (length > 0) {
        if (!hit || path[s] == '/') return false;
        g += length, ++s;
        continue;
      }
    }
    char literal = c;
    if (c == '\\' && g + 1 < glob.size()) literal = glob[++g];
    if (path[s] != literal) return false;
    ++g, ++s;
  }
  return s == path.size();
}

IgnoreRules::IgnoreRules(fs::path root, const std::vector<std::string>& exclude) : root_(std::move(root)) {
  for (const auto& e : exclude) {
    auto parsed = parse_ignore_patterns(e);
    exclude_.insert(exclude_.end(), parsed.begin(), parsed.end());
  }
}

const std::vector<IgnorePattern>& IgnoreRules::patterns_of(const std::string& folder) {
  auto it = files_.find(folder);
  if (it == files_.end()) {
    const fs::path dir = folder.empty() ? root_ : root_ / folder;
    it = files_.emplace(folder, parse_ignore_patterns(read_small_file(dir / kIgnoreFileName))).first;
  }
  return it->second;
}

bool IgnoreRules::own_verdict(const std::string& relative, bool is_dir, bool& matched) {
  bool out = false;
  matched = false;
  auto apply = [&](const std::vector<IgnorePattern>& patterns, std::string_view below) {
    for (const auto& p : patterns) {
      if (p.folders_only && !is_dir) continue;
      if (glob_matches(p.glob, p.anchored ? below : name_of(below))) {
        matched = true;
        out = !p.negated;
      }
    }
  };
  // Ignore files from the root down to the path's own folder, then --exclude.
  apply(patterns_of(""), relative);
  for (std::size_t slash = relative.find('/'); slash != std::string::npos; slash = relative.find('/', slash + 1))
    apply(patterns_of(relative.substr(0, slash)), std::string_view(relative).substr(slash + 1));
  apply(exclude_, relative);
  return out;
}

bool IgnoreRules::excluded(const fs::path& path, bool is_dir) {
  const std::string relative = path.lexically_relative(root_).generic_string();
  if (relative.empty() || relative == "." || relative.starts_with("../") || relative == "..") return false;
  // Each folder on the way: hidden, or left out itself or through its parent.
  std::size_t slash = relative.find('/');
  bool parent_out = false;
  while (slash != std::string::npos) {
    const std::string folder = relative.substr(0, slash);
    auto it = folder_verdicts_.find(folder);
    if (it == folder_verdicts_.end()) {
      bool matched = false;
      const bool own = own_verdict(folder, true, matched);
      const bool out = parent_out || is_hidden_name(name_of(folder)) || (matched && own);
      it = folder_verdicts_.emplace(folder, out).first;
    }
    if (it->second) return true;
    parent_out = it->second;
    slash = relative.find('/', slash + 1);
  }
  if (is_hidden_name(name_of(relative)) || name_of(relative) == kIgnoreFileName) return true;
  bool matched = false;
  const bool own = own_verdict(relative, is_dir, matched);
  return matched && own;
}

}  // namespace zh::ingest
