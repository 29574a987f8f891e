#include "indexer/indexing_run.h"

#include <algorithm>
#include <atomic>
#include <condition_variable>
#include <functional>
#include <map>
#include <mutex>
#include <optional>
#include <thread>
#include <unordered_map>
#include <unordered_set>

#include "common/error.h"
#include "ingest/ignore_rules.h"
#include "ingest/ingest.h"
#include "ingest/source_files.h"
#include "index/document_builder.h"
#include "index/index_writer.h"
#include "indexer/changes.h"
#include "indexer/synonyms.h"

namespace zh::index {
namespace fs = std::filesystem;
namespace {

using ingest::absolute_normal;
using ingest::same_or_under;

// Every path given must exist: a typo is a usage error, found before
// anything is written, not a skipped input.
void check_paths_exist(const IndexOptions& options) {
  for (const auto& root : options.paths) {
    std::error_code ec;
    if (!fs::exists(root, ec))
      throw UsageError("no such file or folder: " + root.string() + " (nothing was indexed)");
  }
}

// Files to index under `paths` (absolute and distinct, in a stable order,
// keys not yet assigned); problems go to `report`.
std::vector<InputFile> collect_files(const IndexOptions& options, IndexReport& report) {
  std::vector<InputFile> files;
  std::unordered_set<std::string> seen;  // a file under two given folders is read once
  const fs::path db = absolute_normal(options.db_dir);
  auto add = [&](const fs::path& path, const fs::path& root) {
    if (seen.insert(path.string()).second) files.push_back({path, root, {}});
  };
  for (const auto& given : options.paths) {
    const fs::path root = absolute_normal(given);
    std::error_code ec;
    const auto status = fs::status(root, ec);
    if (fs::is_regular_file(status)) {
      if (ingest::format_of(root) == ingest::Format::Unsupported) {
        report.errors.push_back(
            {given.string(), "unsupported file type (expected " + std::string(ingest::kSupportedTypes) + ")"});
        ++report.failed;
        continue;
      }
      add(root, root.parent_path());
      continue;
    }
    ingest::IgnoreRules rules(root, options.exclude);
    fs::recursive_directory_iterator it(root, fs::directory_options::skip_permission_denied, ec), end;
    if (ec) {
      report.errors.push_back({given.string(), "cannot list folder: " + ec.message()});
      ++report.failed;
      continue;
    }
    std::vector<fs::path> found;
    for (; it != end; it.increment(ec)) {
      if (ec) {
        report.errors.push_back({given.string(), "cannot list folder: " + ec.message()});
        ++report.failed;
        break;
      }
      const fs::path p = absolute_normal(it->path());
      const bool is_dir = it->is_directory(ec);
      if (same_or_under(p, db) || rules.excluded(p, is_dir)) {
        if (is_dir) it.disable_recursion_pending();
        continue;
      }
      if (!it->is_regular_file(ec) || ingest::format_of(p) == ingest::Format::Unsupported) continue;
      found.push_back(p);
    }
    std::sort(found.begin(), found.end());
    for (const auto& p : found) add(p, root);
  }
  return files;
}

// What earlier runs left in the index, as workers need it.
struct KnownFiles {
  std::unordered_map<std::string, std::string> hash_of_key;  // indexed documents
  std::unordered_map<std::string, schema::SkippedFile> skipped;  // by path

  static KnownFiles of(const IndexWriter& writer) {
    KnownFiles k;
    for (const auto& r : writer.records()) k.hash_of_key.emplace(r.key, r.content_hash);
    for (auto& s : writer.skipped_files()) k.skipped.emplace(s.path, std::move(s));
    return k;
  }
  std::vector<ingest::StoredDocument> documents(const IndexWriter& writer) const {
    std::vector<ingest::StoredDocument> out;
    for (const auto& r : writer.records()) out.push_back({r.key, r.path});
    return out;
  }
};

// What a worker made of one file.
struct Prepared {
  // StillSkipped: failed before, bytes unchanged since (not parsed again).
  enum class Kind { Unchanged, Changed, Failed, StillSkipped } kind = Kind::Failed;
  PreparedDocument document;  // Changed: what to write
  std::string error;
  std::string content_hash;  // of a Failed file's bytes, when they were read
  std::exception_ptr crash;  // rethrown by the writer thread
  std::size_t bytes = 0;
};

Prepared prepare(const InputFile& file, const KnownFiles& known) {
  Prepared out;
  std::string bytes, sidecar;
  try {
    const ingest::Format format = ingest::format_of(file.path);
    bytes = ingest::read_input_file(file.path);
    out.bytes = bytes.size();
    sidecar = ingest::read_sidecar_front_matter(file.path);
    const auto stored = known.hash_of_key.find(file.key);
    if (stored != known.hash_of_key.end() && stored->second == ingest::content_hash(bytes, sidecar)) {
      out.kind = Prepared::Kind::Unchanged;
      return out;
    }
    const auto skipped = known.skipped.find(file.path.string());
    if (skipped != known.skipped.end() && skipped->second.content_hash == ingest::content_hash(bytes, sidecar)) {
      out.kind = Prepared::Kind::StillSkipped;
      out.error = skipped->second.message;
      return out;
    }
    out.document = prepare_document(bytes, format, file.key, file.path.stem().string(), sidecar);
    const auto& passages = out.document.doc.passages;
    if (ingest::is_subtitle_sidecar(file.path) &&
        std::all_of(passages.begin(), passages.end(), [](const auto& p) { return p.text.empty(); })) {
      out.kind = Prepared::Kind::Unchanged;  // front matter of a subtitle file, not a document
      out.document = {};
      return out;
    }
    out.document.doc.path = file.path.string();
    out.kind = Prepared::Kind::Changed;
  } catch (const InputError& e) {
    out.error = e.what();
    // A file that cannot be read has no hash: it is retried, and reported, every run.
    if (out.bytes > 0 || !bytes.empty()) out.content_hash = ingest::content_hash(bytes, sidecar);
  } catch (...) {
    // Not a problem of this file (parsers turn bad input into InputError
    // where it is found): the machine (std::bad_alloc) or a bug. Skipping
    // the file would hide it; the writer thread rethrows it and the run
    // stops.
    out.crash = std::current_exception();
  }
  return out;
}

// Hands prepared files from the workers to the writer in file order,
// holding at most `window` files in memory.
class OrderedQueue {
 public:
  OrderedQueue(std::size_t count, std::size_t window) : slots_(count), window_(window) {}

  // Blocks until file `i` may be prepared (it is within the window); false
  // once cancel() was called.
  bool wait_for_turn(std::size_t i) {
    std::unique_lock lock(mutex_);
    space_.wait(lock, [&] { return cancelled_ || i < next_ + window_; });
    return !cancelled_;
  }

  // Releases the waiting workers when the writer gives up (a full disk):
  // the window would never move again and joining them would hang.
  void cancel() {
    {
      std::lock_guard lock(mutex_);
      cancelled_ = true;
    }
    space_.notify_all();
  }

  void put(std::size_t i, Prepared p) {
    {
      std::lock_guard lock(mutex_);
      slots_[i] = std::move(p);
    }
    ready_.notify_all();
  }

  Prepared take(std::size_t i) {
    std::unique_lock lock(mutex_);
    ready_.wait(lock, [&] { return slots_[i].has_value(); });
    Prepared p = std::move(*slots_[i]);
    slots_[i].reset();
    next_ = i + 1;
    space_.notify_all();
    return p;
  }

 private:
  std::mutex mutex_;
  std::condition_variable ready_, space_;
  std::vector<std::optional<Prepared>> slots_;
  std::size_t next_ = 0;
  std::size_t window_;
  bool cancelled_ = false;
};

// Removes every document whose file `file_matches` (or, with `key_matches`,
// whose key that matches) and forgets the skips of the files `file_matches`
// names, all as part of the next commit. Uploaded documents (no file)
// match by key only. Returns the records of the removed documents.
using PathMatch = std::function<bool(const std::string&)>;
std::vector<schema::DocumentRecord> remove_matching(IndexWriter& writer, const PathMatch& file_matches,
                                                    const PathMatch& key_matches = {}) {
  std::vector<schema::DocumentRecord> removed;
  for (auto& record : writer.records()) {
    const bool named = (key_matches && key_matches(record.key)) || (!record.path.empty() && file_matches(record.path));
    if (named && delete_document(writer, record.key)) removed.push_back(std::move(record));
  }
  for (const auto& skipped : writer.skipped_files())
    if (file_matches(skipped.path)) writer.clear_skipped(skipped.path);
  return removed;
}

// Counts `removed` in `report` (and lists them with --verbose).
void report_removed(const std::vector<schema::DocumentRecord>& removed, const IndexOptions& options,
                    IndexReport& report) {
  report.removed += removed.size();
  if (options.verbose)
    for (const auto& record : removed) report.indexed.push_back({record.path, "removed"});
}

// Whether `path` is one of `targets` or lies under one of them.
bool under_any(const std::string& path, const std::vector<fs::path>& targets) {
  return std::any_of(targets.begin(), targets.end(), [&](const fs::path& t) { return same_or_under(path, t); });
}

// --prune: removes the documents of files under the given paths that are
// gone or now left out (ignore rules), and forgets skips of gone files.
void prune_missing(IndexWriter& writer, const IndexOptions& options, IndexReport& report) {
  std::vector<std::pair<fs::path, std::optional<ingest::IgnoreRules>>> roots;
  for (const auto& p : options.paths) {
    const fs::path root = absolute_normal(p);
    std::error_code ec;
    roots.emplace_back(root, fs::is_directory(root, ec) ? std::make_optional<ingest::IgnoreRules>(root, options.exclude)
                                                        : std::nullopt);
  }
  auto out_of_scope_or_gone = [&](const std::string& path) -> std::optional<bool> {
    for (auto& [root, rules] : roots) {
      if (!same_or_under(path, root)) continue;
      std::error_code ec;
      return !fs::is_regular_file(path, ec) || (rules && rules->excluded(path, false));
    }
    return std::nullopt;  // not under a given path: left alone
  };
  report_removed(
      remove_matching(writer, [&](const std::string& path) { return out_of_scope_or_gone(path).value_or(false); }),
      options, report);
}

// Records what `p` made of `file` in `report` and writes it, committing
// every options.commit_every_passages passages.
void apply_prepared(IndexWriter& writer, Prepared p, const InputFile& file, const KnownFiles& known,
                    const IndexOptions& options, IndexReport& report, std::size_t& passages_since_commit) {
  if (p.crash) std::rethrow_exception(p.crash);
  report.bytes_read += p.bytes;
  for (const auto& w : p.document.doc.warnings) report.warnings.push_back({file.path.string(), w});
  switch (p.kind) {
    case Prepared::Kind::Failed:
      report.errors.push_back({file.path.string(), p.error});
      ++report.failed;
      if (!p.content_hash.empty()) writer.set_skipped({file.path.string(), p.content_hash, p.error});
      break;
    case Prepared::Kind::StillSkipped:
      report.still_skipped_files.push_back({file.path.string(), p.error});
      ++report.still_skipped;
      break;
    case Prepared::Kind::Unchanged:
      ++report.unchanged;
      break;
    case Prepared::Kind::Changed: {
      const bool existed = known.hash_of_key.contains(p.document.doc.key);
      const std::string encoding = p.document.doc.encoding;
      const std::size_t passages = put_document(writer, std::move(p.document));
      if (options.verbose)
        report.indexed.push_back({file.path.string(), encoding + ", " + std::to_string(passages) + " passages"});
      report.passages_written += passages;
      passages_since_commit += passages;
      if (known.skipped.contains(file.path.string())) writer.clear_skipped(file.path.string());
      ++(existed ? report.updated : report.added);
      if (passages_since_commit >= options.commit_every_passages) {
        writer.commit();
        passages_since_commit = 0;
      }
      break;
    }
  }
}

// Gives each file its document key; a file left without one is reported
// and dropped.
void assign_keys(std::vector<InputFile>& files, const std::vector<ingest::StoredDocument>& stored,
                 IndexReport& report) {
  ingest::assign_document_keys(files, stored);
  std::erase_if(files, [&](const InputFile& f) {
    if (!f.key.empty()) return false;
    report.errors.push_back({f.path.string(), "its document key is already another document's (one uploaded "
                                              "through the HTTP API?); remove that one or rename the file"});
    ++report.failed;
    return true;
  });
}

// Prepares `files` in worker threads and applies them in file order.
void index_files(IndexWriter& writer, const std::vector<InputFile>& files, const KnownFiles& known,
                 const IndexOptions& options, IndexReport& report, const ProgressCallback& progress) {
  const unsigned jobs = std::max(1u, options.jobs ? options.jobs : std::thread::hardware_concurrency());
  OrderedQueue queue(files.size(), std::max<std::size_t>(8, jobs * 4));
  std::atomic<std::size_t> next_file{0};
  std::vector<std::jthread> workers;
  for (unsigned w = 0; w < jobs; ++w)
    workers.emplace_back([&] {
      for (std::size_t i; (i = next_file.fetch_add(1)) < files.size();) {
        if (!queue.wait_for_turn(i)) return;
        queue.put(i, prepare(files[i], known));
      }
    });

  std::size_t passages_since_commit = 0;
  try {
    for (std::size_t i = 0; i < files.size(); ++i) {
      apply_prepared(writer, queue.take(i), files[i], known, options, report, passages_since_commit);
      if (progress) progress(i + 1, files.size(), report.bytes_read);
    }
  } catch (...) {
    queue.cancel();  // before `workers` is destroyed and joins them
    throw;
  }
}

// Where Xapian's compactor put each run's passages: run k's docid d is
// d + offsets[k] in `merged` (the runs are fresh, so their docids run from 1
// without gaps and follow one another). Checked on each run's first and
// last passage, since the text store depends on it.
std::vector<Xapian::docid> compacted_docid_offsets(const std::vector<fs::path>& runs, const fs::path& merged) {
  const Xapian::Database out(merged.string());
  std::vector<Xapian::docid> offsets;
  Xapian::docid next = 0;
  for (const auto& r : runs) {
    const Xapian::Database run(r.string());
    offsets.push_back(next);
    for (const Xapian::docid did : {Xapian::docid{1}, run.get_lastdocid()}) {
      if (did == 0 || run.get_doccount() == 0) continue;
      const Xapian::Document a = run.get_document(did), b = out.get_document(did + next);
      if (a.get_value(schema::kSlotDocKey) != b.get_value(schema::kSlotDocKey) ||
          a.get_value(schema::kSlotOrdinal) != b.get_value(schema::kSlotOrdinal))
        throw IndexError("the merged index numbers the passages of " + r.string() +
                         " differently than expected; run the index again with --jobs 1");
    }
    next += run.get_lastdocid();
  }
  return offsets;
}

// One thread's part of a first build: its files go, in order, into a
// series of scratch databases ("runs") of at most options.build_run_passages
// passages each (see IndexOptions). Returns the runs' folders in order.
std::vector<fs::path> build_runs(const fs::path& build, unsigned thread, const std::vector<InputFile>& files,
                                 const IndexOptions& options, unsigned jobs, IndexReport& report,
                                 const std::function<void(std::size_t bytes)>& file_done) {
  std::vector<fs::path> runs;
  std::optional<IndexWriter> run;
  std::size_t in_run = 0, since_commit = 0;
  IndexOptions run_options = options;
  run_options.commit_every_passages = std::max<std::size_t>(1, options.build_batch_passages);
  const KnownFiles none;
  for (std::size_t i = thread; i < files.size(); i += jobs) {
    Prepared p = prepare(files[i], none);
    const std::size_t bytes = p.bytes;
    if (!run || (in_run >= options.build_run_passages && p.kind == Prepared::Kind::Changed)) {
      if (run) run->commit();
      runs.push_back(build / ("run-" + std::to_string(thread) + "-" + std::to_string(runs.size())));
      run.emplace(runs.back(), /*overwrite=*/true, IndexWriter::Durability::Scratch);
      in_run = since_commit = 0;
    }
    in_run += p.document.passages.size();
    apply_prepared(*run, std::move(p), files[i], none, run_options, report, since_commit);
    file_done(bytes);
  }
  if (run) run->commit();
  return runs;
}

// A first build (the database is empty) writes runs in one thread per job,
// then merges them all with Xapian's compactor, which also packs the tables
// tight. Writing postings is the bottleneck, so this is what scales with
// cores. Returns the folder of the merged database, inside `db/.build`.
fs::path build_in_runs(const fs::path& db, const std::vector<InputFile>& files, const IndexOptions& options,
                       unsigned jobs, IndexReport& report, const ProgressCallback& progress) {
  const fs::path build = db / ".build";
  std::error_code ec;
  fs::remove_all(build, ec);
  fs::create_directories(build);
  std::vector<IndexReport> thread_reports(jobs);
  std::vector<std::vector<fs::path>> thread_runs(jobs);
  std::atomic<std::size_t> done{0}, bytes{0};
  std::mutex progress_mutex;
  auto file_done = [&](std::size_t file_bytes) {
    bytes += file_bytes;
    const std::size_t n = ++done;
    if (!progress) return;
    std::lock_guard lock(progress_mutex);
    progress(n, files.size(), bytes);
  };
  std::vector<std::exception_ptr> failures(jobs);
  {
    std::vector<std::jthread> threads;
    for (unsigned k = 0; k < jobs; ++k)
      threads.emplace_back([&, k] {
        try {
          thread_runs[k] = build_runs(build, k, files, options, jobs, thread_reports[k], file_done);
        } catch (...) {
          failures[k] = std::current_exception();
        }
      });
  }
  for (const auto& f : failures)
    if (f) std::rethrow_exception(f);
  for (const auto& r : thread_reports) {
    report.added += r.added;
    report.failed += r.failed;
    report.passages_written += r.passages_written;
    report.bytes_read += r.bytes_read;
    report.errors.insert(report.errors.end(), r.errors.begin(), r.errors.end());
    report.warnings.insert(report.warnings.end(), r.warnings.begin(), r.warnings.end());
    report.indexed.insert(report.indexed.end(), r.indexed.begin(), r.indexed.end());
  }
  const fs::path merged = build / "merged";
  std::vector<fs::path> runs;
  for (const auto& r : thread_runs) runs.insert(runs.end(), r.begin(), r.end());
  try {
    Xapian::Database all;
    for (const auto& r : runs) all.add_database(Xapian::Database(r.string()));
    all.compact(merged.string(), Xapian::Compactor::FULLER, schema::kBlockSize);
    merge_text_stores(runs, compacted_docid_offsets(runs, merged), merged, Xapian::Database(merged.string()).get_uuid());
  } catch (const Xapian::Error& e) {
    throw IndexError("cannot merge the index runs in " + build.string() + ": " + e.get_description());
  }
  return merged;
}

// Moves the merged database's files over the (empty) database in `db`.
// The version file goes last, so a reader never sees a mix.
void install_merged(const fs::path& db, const fs::path& merged) {
  std::vector<fs::path> tables;
  for (const auto& entry : fs::directory_iterator(merged))
    if (entry.path().filename() != "iamglass" && entry.path().filename() != "flintlock") tables.push_back(entry.path());
  for (const auto& t : tables) fs::rename(t, db / t.filename());
  fs::rename(merged / "iamglass", db / "iamglass");
  std::error_code ec;
  fs::remove_all(merged.parent_path(), ec);
}

}  // namespace

IndexReport run_indexing(const IndexOptions& options, const ProgressCallback& progress) {
  const auto started = std::chrono::steady_clock::now();
  IndexReport report;
  // Read first: a bad path or synonyms file should stop the run before it writes.
  check_paths_exist(options);
  const std::optional<SynonymGroups> synonyms =
      options.synonyms_file.empty() ? std::nullopt : std::make_optional(read_synonyms(options.synonyms_file));
  // Held until the run is complete, the merged first build installed too:
  // two writers must never interleave.
  auto writer = std::make_optional<IndexWriter>(options.db_dir, options.rebuild);
  std::vector<InputFile> files = collect_files(options, report);
  const KnownFiles known = KnownFiles::of(*writer);
  assign_keys(files, known.documents(*writer), report);
  report.files_total = files.size();
  const unsigned jobs = std::max(1u, options.jobs ? options.jobs : std::thread::hardware_concurrency());
  if (!writer->empty() && !options.rebuild && writer->schema_version() != ingest::kSchemaVersion)
    report.warnings.push_back(
        {options.db_dir.string(),
         "the index was written by an older zhsearch: every document is re-indexed in place, several times "
         "slower than a fresh build (corpus-large: 380 s against 70 s); zhsearch index --rebuild --db " +
             options.db_dir.string() + " PATH... builds it anew from the files"});
  if (writer->empty() && !files.empty()) {
    const fs::path merged = build_in_runs(options.db_dir, files, options, jobs, report, progress);
    try {
      install_merged(options.db_dir, merged);
    } catch (const fs::filesystem_error& e) {
      throw IndexError("cannot install the new index in " + options.db_dir.string() + ": " + e.what());
    }
    // The open writer saw the empty database; reopen the installed one
    // (nothing was written to the old one, so closing it writes nothing).
    writer.reset();
    writer.emplace(options.db_dir);
  } else {
    index_files(*writer, files, known, options, report, progress);
    if (options.prune) prune_missing(*writer, options, report);
  }
  if (synonyms) writer->set_synonyms(*synonyms);
  writer->finish();
  report.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  return report;
}

IndexReport apply_changes(const IndexOptions& options, std::vector<InputFile> files,
                          const std::vector<fs::path>& gone) {
  const auto started = std::chrono::steady_clock::now();
  IndexReport report;
  IndexWriter writer(options.db_dir);
  const KnownFiles known = KnownFiles::of(writer);
  assign_keys(files, known.documents(writer), report);
  report.files_total = files.size();
  index_files(writer, files, known, options, report, {});
  if (!gone.empty()) {
    std::vector<fs::path> targets;
    for (const auto& g : gone) targets.push_back(absolute_normal(g));
    report_removed(remove_matching(writer,
                                   [&](const std::string& path) {
                                     std::error_code ec;
                                     return under_any(path, targets) && !fs::exists(path, ec);
                                   }),
                   options, report);
  }
  writer.finish();
  report.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  return report;
}

RemoveReport remove_documents(const fs::path& db_dir, const std::vector<std::string>& paths) {
  RemoveReport report;
  IndexWriter writer(db_dir);
  std::vector<fs::path> targets;
  for (const auto& p : paths) targets.push_back(absolute_normal(p));
  const auto removed = remove_matching(
      writer, [&](const std::string& path) { return under_any(path, targets); },
      [&](const std::string& key) { return std::find(paths.begin(), paths.end(), key) != paths.end(); });
  for (const auto& record : removed) report.removed.push_back(record.key);
  writer.finish();
  return report;
}

}  // namespace zh::index
