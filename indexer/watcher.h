// Watch mode (`zhsearch index --watch`): indexes the given files and
// folders once, then follows them with inotify and indexes files as they
// are created, changed, moved or deleted. Events are debounced: a batch is
// applied once the watched trees have been quiet for `debounce` (editors
// write in several steps), or after `max_delay` of continuous changes.
// Each batch opens the database, applies its changes, commits and closes
// it, so other writers and readers are never locked out for long.
// Not thread-safe: one watcher per process. Linux only.
#pragma once

#include <atomic>
#include <chrono>
#include <functional>

#include "indexer/indexing_run.h"

namespace zh::index {

struct WatchOptions {
  IndexOptions index;  // db, paths, jobs, verbose; the first pass also prunes
  std::chrono::milliseconds debounce{200};
  std::chrono::milliseconds max_delay{1000};
};

// Called after the first pass and after each batch with what it did.
using BatchCallback = std::function<void(const IndexReport&, bool first_pass)>;

// Runs until `stop` becomes true (checked at least every 100 ms; a signal
// handler may set it). Returns after the batch in progress is committed.
// Throws zh::IndexError when the database fails and zh::EnvironmentError
// when inotify cannot be set up (for example, too many watches:
// fs.inotify.max_user_watches).
void watch(const WatchOptions& options, const std::atomic<bool>& stop, const BatchCallback& on_batch);

}  // namespace zh::index
