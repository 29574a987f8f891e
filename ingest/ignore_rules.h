// Which files under an indexed folder are left out: hidden files and
// folders, `--exclude` patterns, and the patterns of `.zhsearchignore`
// files, in gitignore syntax (`*.log`, `drafts/`, `/build`, `**/tmp`,
// `!keep.md`, `# comment`). One rule for `index`, `--prune` and `--watch`,
// so that they can never disagree about a file.
//
// As in git: a pattern without a slash matches a name at any depth; one
// with a slash is anchored at the folder of the file that holds it (the
// indexed folder for --exclude); a trailing slash matches folders only; the
// last matching pattern wins, deeper files over shallower ones and
// --exclude over every file; nothing under a left-out folder comes back.
// Not thread-safe (it caches the ignore files it reads).
#pragma once

#include <filesystem>
#include <map>
#include <string>
#include <string_view>
#include <vector>

namespace zh::ingest {

inline constexpr std::string_view kIgnoreFileName = ".zhsearchignore";

// One line of an ignore file, parsed.
struct IgnorePattern {
  std::string glob;       // without the leading '!' or '/' and the trailing '/'
  bool negated = false;   // '!': brings back what an earlier pattern left out
  bool folders_only = false;
  bool anchored = false;  // matched against the whole relative path, not the name
};

// Parses gitignore lines; blank lines and comments give nothing.
std::vector<IgnorePattern> parse_ignore_patterns(std::string_view text);

// Whether `path` (relative, '/'-separated) matches `glob`: `*` and `?` stop
// at '/', `**` crosses folders, `[a-z]`/`[!a-z]` are byte classes, `\x` is x.
bool glob_matches(std::string_view glob, std::string_view path);

class IgnoreRules {
 public:
  // Rules for the tree under `root` (absolute and lexically normal).
  // `exclude` holds the --exclude patterns, relative to `root`.
  IgnoreRules(std::filesystem::path root, const std::vector<std::string>& exclude);

  // Whether `path` (absolute and lexically normal, under root) is left out,
  // either itself or through one of its folders. Reads each folder's
  // .zhsearchignore once.
  bool excluded(const std::filesystem::path& path, bool is_dir);

  // Forgets the ignore files read (one of them changed).
  void reload() { files_.clear(); folder_verdicts_.clear(); }

  const std::filesystem::path& root() const { return root_; }

 private:
  // The verdict of the patterns alone on `relative` (the path below root):
  // true = left out, false = kept, no match = the parent's verdict.
  bool own_verdict(const std::string& relative, bool is_dir, bool& matched);
  const std::vector<IgnorePattern>& patterns_of(const std::string& folder);

  std::filesystem::path root_;
  std::vector<IgnorePattern> exclude_;
  std::map<std::string, std::vector<IgnorePattern>> files_;  // folder (relative) -> its ignore file
  std::map<std::string, bool> folder_verdicts_;               // folder (relative) -> left out
};

}  // namespace zh::ingest
