#include "ingest/source_files.h"

#include <map>
#include <unordered_map>

namespace zh::ingest {
namespace fs = std::filesystem;

fs::path absolute_normal(const fs::path& p) { return fs::absolute(p).lexically_normal(); }

bool same_or_under(const fs::path& p, const fs::path& dir) {
  const std::string a = p.generic_string();
  std::string b = dir.generic_string();
  if (a == b) return true;
  if (!b.ends_with('/')) b += '/';
  return a.starts_with(b);
}

namespace {

// A file still looking for its key: the last `length` parts of its path.
struct Candidate {
  SourceFile* file;
  std::vector<std::string> parts;  // of the absolute path, without the root "/"
  std::size_t length;

  std::string key() const {
    std::string out;  // relative even at full length: keys never start with '/'.
    for (std::size_t i = parts.size() - length; i < parts.size(); ++i) {
      out += parts[i];
      if (i + 1 < parts.size()) out += '/';
    }
    return out;
  }
};

std::size_t component_count(const fs::path& p) {
  std::size_t n = 0;
  for (const auto& part : p) n += !part.empty() && part != ".";
  return n;
}

}  // namespace

void assign_document_keys(std::vector<SourceFile>& files, const std::vector<StoredDocument>& stored) {
  std::unordered_map<std::string, std::string> key_of_path, path_of_key;
  for (const auto& d : stored) {
    path_of_key.emplace(d.key, d.path);
    if (!d.path.empty()) key_of_path.emplace(d.path, d.key);
  }
  std::vector<Candidate> open;
  for (auto& f : files) {
    if (auto it = key_of_path.find(f.path.string()); it != key_of_path.end()) {
      f.key = it->second;
      continue;
    }
    Candidate c{&f, {}, 0};
    for (const auto& part : f.path.relative_path()) c.parts.push_back(part.string());
    c.length = std::min(c.parts.size(), std::max<std::size_t>(1, component_count(f.path.lexically_relative(f.root))));
    open.push_back(std::move(c));
  }
  // Lengthen every key that two files would share until none is shared: a
  // whole path is unique, and a file that cannot lengthen its key any more
  // keeps it while the others lengthen theirs, so this ends.
  for (bool lengthened = true; lengthened;) {
    lengthened = false;
    std::map<std::string, std::vector<Candidate*>> by_key;
    for (auto& c : open) by_key[c.key()].push_back(&c);
    for (auto& [key, group] : by_key) {
      const auto owner = path_of_key.find(key);
      const bool taken = owner != path_of_key.end() && owner->second != group.front()->file->path.string();
      if (group.size() < 2 && !taken) continue;
      for (Candidate* c : group)
        if (c->length < c->parts.size()) {
          ++c->length;
          lengthened = true;
        }
    }
  }
  // What is still shared (a whole path that is another document's key) is
  // left without a key: refused, never written over the other document.
  std::map<std::string, std::size_t> uses;
  for (const auto& c : open) ++uses[c.key()];
  for (auto& c : open) {
    const std::string key = c.key();
    const auto owner = path_of_key.find(key);
    const bool taken = owner != path_of_key.end() && owner->second != c.file->path.string();
    c.file->key = uses[key] > 1 || taken ? std::string() : key;
  }
}

}  // namespace zh::ingest
