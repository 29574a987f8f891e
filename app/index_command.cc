// `zhsearch index` and `zhsearch remove`.
#include <fmt/format.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <csignal>
#include <iostream>
#include <nlohmann/json.hpp>

#include "app/commands.h"
#include "indexer/indexing_run.h"
#include "indexer/watcher.h"

namespace zh::app {
namespace {

struct IndexFlags {
  std::string db;
  std::vector<std::string> paths;
  std::vector<std::string> exclude;  // gitignore patterns
  std::string synonyms;
  unsigned jobs = 0;
  std::size_t commit_every = index::IndexOptions{}.commit_every_passages;
  bool rebuild = false, prune = false, json = false, quiet = false, verbose = false, watch = false;
};

std::atomic<bool> g_stop_watching{false};

// The first signal stops the watcher after the batch in progress; a second
// one exits at once (safe: the database holds its last commit).
extern "C" void stop_watching(int) {
  if (g_stop_watching.exchange(true)) _exit(130);
}

// "1 file", "2 files".
std::string count(std::size_t n, std::string_view singular, std::string_view plural) {
  return fmt::format("{} {}", n, n == 1 ? singular : plural);
}

void print_problems(const index::IndexReport& report, bool verbose) {
  if (verbose) {
    for (const auto& f : report.indexed) std::cerr << "zhsearch: indexed " << f.path << " (" << f.message << ")\n";
    for (const auto& s : report.still_skipped_files)
      std::cerr << "zhsearch: still skipped " << s.path << ": " << s.message << "\n";
  }
  for (const auto& w : report.warnings) std::cerr << "zhsearch: warning: " << w.path << ": " << w.message << "\n";
  for (const auto& e : report.errors) std::cerr << "zhsearch: skipped " << e.path << ": " << e.message << "\n";
}

void draw_progress(std::size_t done, std::size_t total, std::size_t bytes, double seconds) {
  const double mb = static_cast<double>(bytes) / 1e6;
  const double rate = seconds > 0 ? mb / seconds : 0;
  const double eta = done > 0 ? seconds * static_cast<double>(total - done) / static_cast<double>(done) : 0;
  std::cerr << fmt::format("\r\x1b[Kindexing {}/{} files, {:.1f} MB, {:.1f} MB/s, ETA {:.0f} s", done, total, mb,
                           rate, eta)
            << std::flush;
}

// Files an earlier run skipped and that have not changed since: not a new
// failure, so only counted (listed with -v).
std::string still_skipped_note(const index::IndexReport& r) {
  if (r.still_skipped == 0) return "";
  return fmt::format(", {} still skipped (unchanged since they were reported; --exclude them)", r.still_skipped);
}

std::string summary_line(const index::IndexReport& r) {
  if (!r.wrote_anything() && r.failed == 0)
    return fmt::format("nothing changed: {} unchanged{}; the index was not written ({:.2f} s)",
                       count(r.unchanged, "file", "files"), still_skipped_note(r), r.seconds);
  return fmt::format("{} added, {} updated, {} unchanged, {} removed, {} failed{}; {} written, {:.1f} MB read in "
                     "{:.2f} s",
                     r.added, r.updated, r.unchanged, r.removed, r.failed, still_skipped_note(r),
                     count(r.passages_written, "passage", "passages"), static_cast<double>(r.bytes_read) / 1e6,
                     r.seconds);
}

nlohmann::json summary_json(const index::IndexReport& r) {
  nlohmann::json errors = nlohmann::json::array(), warnings = nlohmann::json::array();
  for (const auto& e : r.errors) errors.push_back({{"path", e.path}, {"message", e.message}});
  for (const auto& w : r.warnings) warnings.push_back({{"path", w.path}, {"message", w.message}});
  return {{"added", r.added},     {"updated", r.updated},   {"unchanged", r.unchanged},
          {"removed", r.removed}, {"failed", r.failed},     {"still_skipped", r.still_skipped},
          {"passages_written", r.passages_written},
          {"bytes_read", r.bytes_read}, {"seconds", r.seconds}, {"errors", errors}, {"warnings", warnings}};
}

// --watch: index, then follow the paths until SIGINT/SIGTERM. Each batch
// prints its summary (one JSON object per line with --json).
int run_watch(const IndexFlags& f, const index::IndexOptions& options) {
  index::WatchOptions watch;
  watch.index = options;
  struct sigaction sa {};
  sa.sa_handler = stop_watching;
  sigemptyset(&sa.sa_mask);
  sigaction(SIGINT, &sa, nullptr);
  sigaction(SIGTERM, &sa, nullptr);
  bool failed = false;
  index::watch(watch, g_stop_watching, [&](const index::IndexReport& report, bool first_pass) {
    print_problems(report, f.verbose);
    failed = failed || report.failed > 0;
    if (f.json) {
      nlohmann::json j = summary_json(report);
      j["first_pass"] = first_pass;
      std::cout << j.dump() << std::endl;
    } else if (!f.quiet) {
      std::cout << (first_pass ? "" : "watch: ") << summary_line(report) << std::endl;
      if (first_pass) std::cout << "watching for changes; Ctrl-C to stop" << std::endl;
    }
  });
  if (!f.quiet && !f.json) std::cout << "stopped watching" << std::endl;
  return failed ? kExitShort : kExitOk;
}

int run_index(const IndexFlags& f) {
  index::IndexOptions options;
  options.db_dir = resolve_db(f.db);
  for (const auto& p : f.paths) options.paths.emplace_back(p);
  options.jobs = f.jobs;
  options.rebuild = f.rebuild;
  options.prune = f.prune;
  options.synonyms_file = f.synonyms;
  options.exclude = f.exclude;
  options.verbose = f.verbose;
  options.commit_every_passages = std::max<std::size_t>(1, f.commit_every);
  if (f.watch) return run_watch(f, options);
  const bool tty = isatty(STDERR_FILENO) && !f.quiet && !f.json;
  const auto started = std::chrono::steady_clock::now();
  index::ProgressCallback progress;
  // Redrawn at most every kRedraw and once for the last file, so a large
  // run does not flood the terminal with escape codes.
  constexpr auto kRedraw = std::chrono::milliseconds(200);
  auto drawn = started - kRedraw;
  if (tty)
    progress = [&](std::size_t done, std::size_t total, std::size_t bytes) {
      const auto now = std::chrono::steady_clock::now();
      if (done < total && now - drawn < kRedraw) return;
      drawn = now;
      draw_progress(done, total, bytes, std::chrono::duration<double>(now - started).count());
    };
  const index::IndexReport report = index::run_indexing(options, progress);
  if (tty) std::cerr << "\r\x1b[K";
  print_problems(report, f.verbose);
  if (f.json) {
    std::cout << summary_json(report).dump() << "\n";
  } else if (!f.quiet) {
    std::cout << summary_line(report) << "\n";
  }
  return report.failed > 0 ? kExitShort : kExitOk;
}

}  // namespace

Command add_index_command(CLI::App& app) {
  auto flags = std::make_shared<IndexFlags>();
  CLI::App* cmd = app.add_subcommand("index", "Add or update files and folders in the index (incremental)");
  cmd->add_option("--db", flags->db, "Index folder (default: $ZHSEARCH_DB, then ./zhsearch-db)");
  cmd->add_option("paths", flags->paths,
                  "Files and folders to index: Markdown (.md), text (.txt), subtitles (.srt, .vtt) and HTML (.html); "
                  "folders are walked, hidden files skipped; a path that does not exist is an error (exit 2)")
      ->required();
  cmd->add_option("--exclude", flags->exclude,
                  "Leave out files and folders matching this gitignore pattern, relative to each indexed folder "
                  "(repeatable; e.g. drafts/ or '*.en.srt'); .zhsearchignore files are read too")
      ->allow_extra_args(false);
  cmd->add_option("-j,--jobs", flags->jobs, "Worker threads (default: number of cores)");
  cmd->add_option("--commit-every", flags->commit_every,
                  "When updating an index, commit after this many passages (a crash keeps the last commit)")
      ->capture_default_str();
  cmd->add_flag("--rebuild", flags->rebuild, "Start from an empty index");
  cmd->add_option("--synonyms", flags->synonyms, "Synonym groups, one per line (\"人工智能 AI\"); replaces the stored ones");
  cmd->add_flag("--prune", flags->prune,
                "Also remove the documents of files that are gone from the given folders or now excluded");
  cmd->add_flag("--json", flags->json, "Print the summary as one JSON object");
  cmd->add_flag("-q,--quiet", flags->quiet, "Print nothing but warnings and errors");
  cmd->add_flag("-v,--verbose", flags->verbose,
                "Report each file written, with its detected encoding, and each file still skipped");
  cmd->add_flag("-w,--watch", flags->watch,
                "Keep running and index files as they are created, changed, moved or deleted (Ctrl-C stops)");
  return [flags] { return run_index(*flags); };
}

Command add_remove_command(CLI::App& app) {
  auto db = std::make_shared<std::string>();
  auto paths = std::make_shared<std::vector<std::string>>();
  CLI::App* cmd = app.add_subcommand("remove", "Drop documents by file, folder or document key");
  cmd->add_option("--db", *db, "Index folder (default: $ZHSEARCH_DB, then ./zhsearch-db)");
  cmd->add_option("paths", *paths, "Files, folders or document keys (as search shows them)")->required();
  return [db, paths] {
    const auto report = index::remove_documents(resolve_db(*db), *paths);
    for (const auto& key : report.removed) std::cout << "removed " << key << "\n";
    if (report.removed.empty()) {
      std::cerr << "zhsearch: no indexed document matches the given paths\n";
      return kExitShort;
    }
    return kExitOk;
  };
}

}  // namespace zh::app
