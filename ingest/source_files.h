// The files an index run reads, and the document key each is stored under.
// One place for both, so that `index`, `--prune`, `--watch` and `remove`
// agree on which files are in scope and which document is whose.
//
// A document key names a document in search results, URLs and the HTTP
// write API. A file's key is its path relative to the indexed folder it was
// found under (`talks/2025.md`); when another file (indexed before, or in
// the same run) would have the same key, each new one gets the shortest
// tail of its absolute path that no other file has (`a/readme.md`,
// `b/readme.md`). Once stored, a file keeps its key, whichever folder it is
// indexed through later: one file is never two documents, and two files are
// never one.
#pragma once

#include <filesystem>
#include <string>
#include <vector>

namespace zh::ingest {

// A file to index.
struct SourceFile {
  std::filesystem::path path;  // absolute, lexically normal
  std::filesystem::path root;  // the indexed folder it was found under (its own folder for a named file)
  std::string key;             // set by assign_document_keys
};

// `p` made absolute and lexically normal: how paths are compared and stored.
std::filesystem::path absolute_normal(const std::filesystem::path& p);

// Whether `p` is `dir` or lies under it (both absolute and normal).
bool same_or_under(const std::filesystem::path& p, const std::filesystem::path& dir);

// A document already in the index: its key and the file it came from
// ("" for a document uploaded through the HTTP API).
struct StoredDocument {
  std::string key;
  std::string path;
};

// Sets each file's key (see above). `files` holds distinct paths. A file
// whose whole path is already another document's key (an upload named
// like it) gets "": the caller must refuse it.
void assign_document_keys(std::vector<SourceFile>& files, const std::vector<StoredDocument>& stored);

}  // namespace zh::ingest
