// One `zhsearch index` run: finds the files under the given paths, reads,
// decodes and analyzes them in worker threads, and has one writer thread
// apply the changes in file order (so --jobs never changes the result).
// Unchanged files (same content hash) are skipped; one bad file is
// reported and skipped, the rest of the run goes on.
#pragma once

#include <chrono>
#include <cstddef>
#include <filesystem>
#include <functional>
#include <string>
#include <vector>

namespace zh::index {

struct IndexOptions {
  std::filesystem::path db_dir;
  std::vector<std::filesystem::path> paths;  // files and folders
  unsigned jobs = 0;             // worker threads; 0 = number of cores
  bool rebuild = false;          // start from an empty database
  bool prune = false;            // remove documents whose files are gone
  bool verbose = false;          // fill IndexReport::indexed
  std::filesystem::path synonyms_file;  // if set, replaces the synonym table
  // Small batches index faster: Xapian keeps a batch's postings in
  // std::maps until the commit (one keyed by term, one per term keyed by
  // docid), and big maps cost cache misses on every insertion. corpus-large
  // with --jobs 2, shards committing every 2,000 passages: 62-78 s and a
  // peak RSS of 177 MB, against 92-131 s and 470-497 MB every 25,000; a
  // fifth of it, user CPU seconds per setting (total, a shard's share):
  // 500 (250) 20.5-20.9, 1,000 (500) 19.4-19.6, 2,000 (1,000) 19.0-22.7,
  // 4,000 (2,000) 22.4-25.2, 16,000 36-43, 50,000 34-36.
  std::size_t commit_every_passages = 2000;
};

// One file to index and its document key (its path relative to the
// indexed root it was found under).
struct InputFile {
  std::filesystem::path path;
  std::string key;
};

struct FileProblem {
  std::string path;
  std::string message;
};

struct IndexReport {
  std::size_t added = 0, updated = 0, unchanged = 0, removed = 0, failed = 0;
  std::size_t passages_written = 0, bytes_read = 0;
  std::size_t files_total = 0;
  double seconds = 0;
  std::vector<FileProblem> errors;    // files skipped (failed)
  std::vector<FileProblem> warnings;  // files indexed with a problem
  std::vector<FileProblem> indexed;   // verbose only: files written, "encoding, N passages"
  bool wrote_anything() const { return added + updated + removed > 0; }
};

// Called after each file with (files done, files total, bytes read so far).
using ProgressCallback = std::function<void(std::size_t, std::size_t, std::size_t)>;

// Runs the indexing. Throws zh::IndexError when the database cannot be
// opened or written (nothing committed is lost: the last commit stands).
IndexReport run_indexing(const IndexOptions& options, const ProgressCallback& progress = {});

// Applies a known set of changes (watch mode): indexes exactly `files`
// (skipping unchanged ones) and removes the documents whose file is one of
// `gone` or lies under a folder in `gone`, then commits. `options.paths`
// and `options.rebuild` are ignored. Throws zh::IndexError as above.
IndexReport apply_changes(const IndexOptions& options, const std::vector<InputFile>& files,
                          const std::vector<std::filesystem::path>& gone);

struct RemoveReport {
  std::vector<std::string> removed;  // keys
};

// Removes the documents whose file is `path` or lies under folder `path`,
// or whose key is `path` as given. Throws zh::IndexError as above.
RemoveReport remove_documents(const std::filesystem::path& db_dir, const std::vector<std::string>& paths);

}  // namespace zh::index
