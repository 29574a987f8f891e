#include "indexer/watcher.h"

#include <fmt/format.h>
#include <poll.h>
#include <sys/inotify.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <map>
#include <optional>
#include <set>
#include <unordered_map>

#include "common/error.h"
#include "ingest/ignore_rules.h"
#include "ingest/ingest.h"
#include "ingest/source_files.h"

namespace zh::index {
namespace fs = std::filesystem;
namespace {

using Clock = std::chrono::steady_clock;

constexpr std::uint32_t kDirMask = IN_CLOSE_WRITE | IN_MODIFY | IN_CREATE | IN_DELETE | IN_MOVED_FROM |
                                   IN_MOVED_TO | IN_DELETE_SELF | IN_MOVE_SELF | IN_ONLYDIR;

using ingest::absolute_normal;
using ingest::same_or_under;

struct Root {
  fs::path path;  // absolute, normalized
  bool is_dir = false;
  std::optional<ingest::IgnoreRules> rules;  // a folder's
};

class Watcher {
 public:
  Watcher(const WatchOptions& options) : options_(options), db_(absolute_normal(options.index.db_dir)) {
    fd_ = inotify_init1(IN_NONBLOCK | IN_CLOEXEC);
    if (fd_ < 0) throw EnvironmentError(std::string("cannot start watching: inotify_init1: ") + std::strerror(errno));
    for (const auto& p : options.index.paths) {
      std::error_code ec;
      const fs::path abs = absolute_normal(p);
      if (fs::is_directory(abs, ec)) {
        roots_.push_back({abs, true, ingest::IgnoreRules(abs, options.index.exclude)});
        add_tree(abs, nullptr);
      } else {
        roots_.push_back({abs, false, std::nullopt});
        add_dir(abs.parent_path());
      }
    }
  }
  ~Watcher() { close(fd_); }
  Watcher(const Watcher&) = delete;
  Watcher& operator=(const Watcher&) = delete;

  void run(const std::atomic<bool>& stop, const BatchCallback& on_batch) {
    IndexOptions first = options_.index;
    first.prune = true;
    on_batch(run_indexing(first), true);
    std::optional<Clock::time_point> first_event, last_event;
    while (!stop.load()) {
      pollfd pfd{fd_, POLLIN, 0};
      const int ready = ::poll(&pfd, 1, 100);
      if (ready < 0 && errno != EINTR) throw EnvironmentError(std::string("watching failed: poll: ") + std::strerror(errno));
      if (ready > 0 && read_events()) {
        last_event = Clock::now();
        if (!first_event) first_event = last_event;
      }
      if (!first_event) continue;
      const auto now = Clock::now();
      if (now - *last_event < options_.debounce && now - *first_event < options_.max_delay) continue;
      first_event.reset();
      last_event.reset();
      apply(on_batch);
    }
  }

 private:
  // Left out: the database, and what a folder root's ignore rules (hidden
  // files, --exclude, .zhsearchignore) leave out.
  bool excluded(const fs::path& p, bool is_dir) {
    if (same_or_under(p, db_)) return true;
    for (auto& r : roots_)
      if (r.rules && same_or_under(p, r.path) && r.rules->excluded(p, is_dir)) return true;
    return false;
  }

  // The file to index at `p`, or nullopt when no root covers it.
  std::optional<InputFile> input_file(const fs::path& p) const {
    for (const auto& r : roots_) {
      if (!r.is_dir && p == r.path) return InputFile{p, p.parent_path(), {}};
      if (r.is_dir && same_or_under(p, r.path) && p != r.path) return InputFile{p, r.path, {}};
    }
    return std::nullopt;
  }

  void add_dir(const fs::path& dir) {
    const int wd = inotify_add_watch(fd_, dir.c_str(), kDirMask);
    if (wd < 0) {
      if (errno == ENOSPC)
        throw EnvironmentError("cannot watch " + dir.string() +
                    ": too many inotify watches; raise fs.inotify.max_user_watches and try again");
      return;  // gone already, or unreadable: nothing to watch
    }
    dirs_[wd] = dir;
  }

  // Watches `dir` and the folders under it; adds the files found to
  // `found` (for a folder that appeared while watching).
  void add_tree(const fs::path& dir, std::vector<fs::path>* found) {
    if (excluded(dir, true)) return;
    add_dir(dir);
    std::error_code ec;
    fs::recursive_directory_iterator it(dir, fs::directory_options::skip_permission_denied, ec), end;
    for (; !ec && it != end; it.increment(ec)) {
      const fs::path p = absolute_normal(it->path());
      if (excluded(p, it->is_directory(ec))) {
        if (it->is_directory(ec)) it.disable_recursion_pending();
        continue;
      }
      if (it->is_directory(ec)) add_dir(p);
      else if (found) found->push_back(p);
    }
  }

  void unwatch_tree(const fs::path& dir) {
    for (auto it = dirs_.begin(); it != dirs_.end();) {
      if (same_or_under(it->second, dir)) {
        inotify_rm_watch(fd_, it->first);
        it = dirs_.erase(it);
      } else {
        ++it;
      }
    }
  }

  void mark_changed(const fs::path& p) {
    gone_.erase(p);
    changed_.insert(p);
  }

  void mark_gone(const fs::path& p) {
    changed_.erase(p);
    gone_.insert(p);
  }

  // Reads the pending events. Returns true when any concerned our files.
  bool read_events() {
    alignas(inotify_event) char buf[64 * 1024];
    bool any = false;
    while (true) {
      const ssize_t n = ::read(fd_, buf, sizeof buf);
      if (n <= 0) break;
      for (char* at = buf; at < buf + n;) {
        const auto* e = reinterpret_cast<const inotify_event*>(at);
        at += sizeof(inotify_event) + e->len;
        if (e->mask & IN_Q_OVERFLOW) {
          rescan_ = any = true;
          continue;
        }
        const auto dir = dirs_.find(e->wd);
        if (dir == dirs_.end()) continue;
        if (e->mask & IN_IGNORED) {
          dirs_.erase(dir);
          continue;
        }
        if (e->len == 0) continue;  // an event on the folder itself
        const fs::path p = dir->second / e->name;
        if (p.filename() == ingest::kIgnoreFileName) {
          // New rules: re-read them and look at every file again.
          for (auto& r : roots_)
            if (r.rules) r.rules->reload();
          rescan_ = any = true;
          continue;
        }
        if (excluded(p, (e->mask & IN_ISDIR) != 0)) continue;
        if (e->mask & IN_ISDIR) {
          if (e->mask & (IN_CREATE | IN_MOVED_TO)) {
            std::vector<fs::path> found;
            add_tree(p, &found);
            for (const auto& f : found) mark_changed(f);
            any = true;
          } else if (e->mask & (IN_DELETE | IN_MOVED_FROM)) {
            // A folder moved away keeps its watches (inotify follows it):
            // drop them, or its new place would report as the old path.
            if (e->mask & IN_MOVED_FROM) unwatch_tree(p);
            mark_gone(p);
            any = true;
          }
          continue;
        }
        if (e->mask & (IN_DELETE | IN_MOVED_FROM)) mark_gone(p);
        else mark_changed(p);
        any = true;
      }
    }
    return any;
  }

  void apply(const BatchCallback& on_batch) {
    if (rescan_) {
      rescan_ = false;
      // Folders the old rules left out may be in scope now.
      for (const auto& r : roots_)
        if (r.is_dir) add_tree(r.path, nullptr);
      changed_.clear();
      gone_.clear();
      IndexOptions all = options_.index;
      all.prune = true;
      on_batch(run_indexing(all), false);
      return;
    }
    std::set<fs::path> to_index;
    std::vector<fs::path> gone(gone_.begin(), gone_.end());
    for (const auto& p : changed_) {
      std::error_code ec;
      if (!fs::exists(p, ec)) {
        gone.push_back(p);
        continue;
      }
      if (!fs::is_regular_file(p, ec)) continue;
      const std::string ext = p.extension().string();
      // A sidecar's change re-indexes the subtitles it describes.
      if (ext == ".yaml" || ext == ".yml" || ext == ".md")
        for (const char* sub : {".srt", ".vtt", ".SRT", ".VTT"}) {
          fs::path s = p;
          s.replace_extension(sub);
          if (fs::is_regular_file(s, ec)) to_index.insert(s);
        }
      if (ingest::format_of(p) != ingest::Format::Unsupported) to_index.insert(p);
    }
    changed_.clear();
    gone_.clear();
    std::vector<InputFile> files;
    for (const auto& p : to_index)
      if (auto file = input_file(p)) files.push_back(std::move(*file));
    // A folder root's own deletion is not a reason to drop everything
    // silently mid-watch, but its files are gone: remove them.
    std::erase_if(gone, [&](const fs::path& g) {
      return std::none_of(roots_.begin(), roots_.end(), [&](const Root& r) {
        return r.is_dir ? same_or_under(g, r.path) : g == r.path;
      });
    });
    if (files.empty() && gone.empty()) return;
    on_batch(apply_changes(options_.index, files, gone), false);
  }

  WatchOptions options_;
  fs::path db_;
  int fd_ = -1;
  std::vector<Root> roots_;
  std::unordered_map<int, fs::path> dirs_;
  std::set<fs::path> changed_, gone_;
  bool rescan_ = false;
};

}  // namespace

void watch(const WatchOptions& options, const std::atomic<bool>& stop, const BatchCallback& on_batch) {
  Watcher watcher(options);
  watcher.run(stop, on_batch);
}

}  // namespace zh::index
