// One `zhsearch index` run: finds the files under the given paths, reads,
// decodes and analyzes them in worker threads, and has one writer thread
// apply the changes in file order (so --jobs never changes the result).
// Unchanged files (same content hash) are skipped; one bad file (a
// zh::InputError from reading or parsing it) is reported and skipped, the
// rest of the run goes on. Any other failure stops the run, and the index
// keeps its last commit. Documents are written through indexer/changes.h.
// A run holds the index's write lock from start to end; the functions here
// are not meant to run concurrently on one index (the lock refuses it).
#pragma once

#include <chrono>
#include <cstddef>
#include <filesystem>
#include <functional>
#include <string>
#include <vector>

#include "ingest/source_files.h"

namespace zh::index {

struct IndexOptions {
  std::filesystem::path db_dir;
  std::vector<std::filesystem::path> paths;  // files and folders
  unsigned jobs = 0;             // worker threads; 0 = number of cores
  bool rebuild = false;          // start from an empty database
  bool prune = false;            // remove documents whose files are gone
  bool verbose = false;          // fill IndexReport::indexed
  std::filesystem::path synonyms_file;  // if set, replaces the synonym table
  // Files and folders to leave out, as gitignore patterns (--exclude), on
  // top of the .zhsearchignore files found in the indexed folders.
  std::vector<std::string> exclude;
  // Updating an index commits every this many passages (the last commit is
  // what survives a crash).
  std::size_t commit_every_passages = 2000;
  // A first build (into an empty database) writes each thread's passages
  // into scratch databases ("runs") of at most `build_run_passages`
  // passages, each committing every `build_batch_passages`, then merges
  // them: small batches keep Xapian's in-memory postings cache-friendly,
  // small runs keep each commit's B-tree rewrites cheap, and fewer runs make
  // a smaller merged index (measurements: bench/RESULTS.md).
  std::size_t build_batch_passages = 250;
  std::size_t build_run_passages = 8000;
};

// One file to index (ingest/source_files.h says how its key is chosen).
using InputFile = ingest::SourceFile;

struct FileProblem {
  std::string path;
  std::string message;
};

struct IndexReport {
  std::size_t added = 0, updated = 0, unchanged = 0, removed = 0, failed = 0;
  // Files skipped again for the problem an earlier run reported, their
  // bytes unchanged since: not a new failure (exit 0), listed with -v.
  std::size_t still_skipped = 0;
  std::vector<FileProblem> still_skipped_files;
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

// Runs the indexing. Throws, before anything is written, zh::UsageError
// when a path does not exist or the synonyms file is bad and
// zh::EnvironmentError when it cannot be read; zh::IndexError when the
// database cannot be opened or written (nothing committed is lost: the
// last commit stands). Anything else (std::bad_alloc, a bug) propagates
// and ends the run the same way.
IndexReport run_indexing(const IndexOptions& options, const ProgressCallback& progress = {});

// Applies a known set of changes (watch mode): indexes exactly `files`
// (skipping unchanged ones; their keys are assigned here) and removes the documents whose file is one of
// `gone` or lies under a folder in `gone`, then commits. `options.paths`
// and `options.rebuild` are ignored. Throws zh::IndexError as above.
IndexReport apply_changes(const IndexOptions& options, std::vector<InputFile> files,
                          const std::vector<std::filesystem::path>& gone);

struct RemoveReport {
  std::vector<std::string> removed;  // keys
};

// Removes the documents whose file is `path` or lies under folder `path`,
// or whose key is `path` as given. Throws zh::IndexError as above.
RemoveReport remove_documents(const std::filesystem::path& db_dir, const std::vector<std::string>& paths);

}  // namespace zh::index
