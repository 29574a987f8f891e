// Which files an index run reads (ingest/ignore_rules.h) and the document
// key each gets (ingest/source_files.h): gitignore semantics on real
// folders, and keys that are unique and stable across runs and roots.
#include <catch2/catch.hpp>

#include <set>
#include <string>
#include <vector>

#include "ingest/ignore_rules.h"
#include "ingest/source_files.h"
#include "test_util.h"

using namespace zh;
using ingest::glob_matches;
namespace fs = std::filesystem;

TEST_CASE("globs follow gitignore's wildcards") {
  struct Case {
    const char* glob;
    const char* path;
    bool matches;
  };
  const Case cases[] = {
      {"*.log", "a.log", true},          {"*.log", "dir/a.log", false},     {"a?c", "abc", true},
      {"a?c", "a/c", false},             {"**/tmp", "tmp", true},           {"**/tmp", "x/y/tmp", true},
      {"docs/**", "docs/a/b.md", true},  {"docs/**", "other/a.md", false},  {"a/**/b", "a/b", true},
      {"a/**/b", "a/x/y/b", true},       {"a/**/b", "a/x/y/c", false},      {"[ab]*.md", "b1.md", true},
      {"[!ab]*.md", "b1.md", false},     {"[a-c]x", "bx", true},            {"[a-c]x", "dx", false},
      {"\\*.md", "*.md", true},          {"\\*.md", "a.md", false},         {"草稿*", "草稿一.md", true},
      {"*", "", true},                   {"", "", true},                    {"[", "[", true},
      {"*.md", "a.md/b", false},         {"a*b*c", "aXbYc", true},          {"a*b*c", "aXbY", false},
  };
  for (const auto& c : cases) {
    INFO(c.glob << " ~ " << c.path);
    CHECK(glob_matches(c.glob, c.path) == c.matches);
  }
}

TEST_CASE("ignore lines parse as gitignore's do") {
  const auto p = ingest::parse_ignore_patterns("# comment\n\n*.log  \n!keep.log\ndrafts/\n/build\nsub/x.md\n\\#hash\r\n");
  REQUIRE(p.size() == 6);
  CHECK((p[0].glob == "*.log" && !p[0].negated && !p[0].anchored));
  CHECK((p[1].glob == "keep.log" && p[1].negated));
  CHECK((p[2].glob == "drafts" && p[2].folders_only && !p[2].anchored));
  CHECK((p[3].glob == "build" && p[3].anchored));
  CHECK((p[4].glob == "sub/x.md" && p[4].anchored));
  CHECK(p[5].glob == "#hash");
}

TEST_CASE("ignore rules: files, folders, negation, nesting and --exclude") {
  test::TempDir dir;
  const fs::path root = dir.path();
  dir.write(".zhsearchignore", "*.log\n!keep.log\ndrafts/\n/top.md\n");
  dir.write("sub/.zhsearchignore", "local.md\n!again.log\n");
  for (const char* f : {"a.md", "top.md", "a.log", "keep.log", "drafts/x.md", "sub/top.md", "sub/local.md",
                        "sub/again.log", "sub/drafts/y.md", "sub/b.md", ".hidden.md", ".git/c.md", "secret/z.md"})
    dir.write(f, "x");
  ingest::IgnoreRules rules(root, {"secret/", "*.bak"});
  auto out = [&](const char* rel) { return rules.excluded(root / rel, fs::is_directory(root / rel)); };
  CHECK_FALSE(out("a.md"));
  CHECK(out("top.md"));            // anchored at the root
  CHECK_FALSE(out("sub/top.md"));  // ... so not below it
  CHECK(out("a.log"));
  CHECK_FALSE(out("keep.log"));  // negated later in the same file
  CHECK(out("drafts"));
  CHECK(out("drafts/x.md"));      // under a left-out folder
  CHECK(out("sub/drafts/y.md"));  // a name pattern matches at any depth
  CHECK(out("sub/local.md"));     // the deeper file's own pattern
  CHECK_FALSE(out("sub/again.log"));  // the deeper file overrides the root's
  CHECK_FALSE(out("sub/b.md"));
  CHECK(out(".hidden.md"));
  CHECK(out(".git/c.md"));
  CHECK(out("secret/z.md"));  // --exclude
  CHECK(out("x.bak"));
  CHECK(out(".zhsearchignore"));
  CHECK_FALSE(rules.excluded(root, true));  // the root itself is always in scope

  // A changed ignore file counts after reload().
  dir.write(".zhsearchignore", "a.md\n");
  CHECK_FALSE(out("a.md"));
  rules.reload();
  CHECK(out("a.md"));
  CHECK_FALSE(out("a.log"));
}

namespace {

ingest::SourceFile file(const std::string& path, const std::string& root) { return {path, root, {}}; }

std::vector<std::string> keys_of(const std::vector<ingest::SourceFile>& files) {
  std::vector<std::string> out;
  for (const auto& f : files) out.push_back(f.key);
  return out;
}

}  // namespace

TEST_CASE("a file's key is its path below the folder indexed") {
  std::vector<ingest::SourceFile> files = {file("/n/talks/a.md", "/n"), file("/n/b.md", "/n"),
                                           file("/x/one.md", "/x")};
  ingest::assign_document_keys(files, {});
  CHECK(keys_of(files) == std::vector<std::string>{"talks/a.md", "b.md", "one.md"});
}

TEST_CASE("two files never share a key: each gets the shortest tail of its path that is unique") {
  std::vector<ingest::SourceFile> files = {file("/h/a/readme.md", "/h/a"), file("/h/b/readme.md", "/h/b"),
                                           file("/h/c/x/readme.md", "/h/c/x"), file("/h/d/x/readme.md", "/h/d/x"),
                                           file("/h/a/other.md", "/h/a")};
  ingest::assign_document_keys(files, {});
  CHECK(keys_of(files) ==
        std::vector<std::string>{"a/readme.md", "b/readme.md", "c/x/readme.md", "d/x/readme.md", "other.md"});
  const auto keys = keys_of(files);
  CHECK(std::set<std::string>(keys.begin(), keys.end()).size() == keys.size());
}

TEST_CASE("a stored file keeps its key; a new file never takes a stored one") {
  const std::vector<ingest::StoredDocument> stored = {{"readme.md", "/h/a/readme.md"},
                                                      {"talks/up.md", ""}};  // an upload
  std::vector<ingest::SourceFile> files = {
      file("/h/a/readme.md", "/h"),        // found again through its parent: same key
      file("/h/b/readme.md", "/h/b"),      // would be "readme.md": lengthened
      file("/h/w/talks/up.md", "/h/w"),    // would be the upload's key: lengthened
  };
  ingest::assign_document_keys(files, stored);
  CHECK(keys_of(files) == std::vector<std::string>{"readme.md", "b/readme.md", "w/talks/up.md"});
}

TEST_CASE("a whole path that is another document's key is refused, not shared") {
  const std::vector<ingest::StoredDocument> stored = {{"x/readme.md", ""}};
  std::vector<ingest::SourceFile> files = {file("/x/readme.md", "/x"), file("/y/x/readme.md", "/y/x")};
  ingest::assign_document_keys(files, stored);
  CHECK(files[0].key.empty());
  CHECK(files[1].key == "y/x/readme.md");
}

TEST_CASE("keys stay unique over many random collisions") {
  std::mt19937 rng(7);
  for (int round = 0; round < 50; ++round) {
    std::vector<ingest::SourceFile> files;
    std::set<std::string> paths;
    std::vector<ingest::StoredDocument> stored;
    const char* names[] = {"a", "b", "readme.md", "_index.md", "x"};
    for (int i = 0; i < 40; ++i) {
      std::string path;
      const int depth = 1 + static_cast<int>(rng() % 4);
      for (int d = 0; d < depth; ++d) path += "/" + std::string(names[rng() % 5]);
      path += "/" + std::string(names[2 + rng() % 2]);
      if (!paths.insert(path).second) continue;
      const fs::path p(path);
      fs::path root = p.parent_path();
      for (int up = static_cast<int>(rng() % 3); up > 0 && root.has_relative_path(); --up) root = root.parent_path();
      if (rng() % 4 == 0) stored.push_back({p.filename().string() + std::to_string(i), path});
      else files.push_back(file(path, root.string()));
    }
    ingest::assign_document_keys(files, stored);
    std::set<std::string> keys;
    for (const auto& s : stored) keys.insert(s.key);
    for (const auto& f : files) {
      INFO(f.path << " -> " << f.key);
      REQUIRE_FALSE(f.key.empty());
      CHECK(keys.insert(f.key).second);
      CHECK(f.key.front() != '/');
      CHECK(f.path.generic_string().ends_with("/" + f.key));
    }
  }
}
