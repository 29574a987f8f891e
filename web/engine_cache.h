// One search::Engine per server worker thread and database folder. An
// Engine is not thread-safe, and opening one costs a few milliseconds, so
// each thread opens its own on first use and keeps it; the Engine itself
// picks up new commits before every search.
#pragma once

#include <filesystem>

#include "searcher/engine.h"

namespace zh::web {

// This thread's Engine for `db_dir`, opened on first use.
// Throws zh::IndexError when no readable index is there (nothing is cached
// then, so a later call tries again).
search::Engine& thread_engine(const std::filesystem::path& db_dir);

// Forgets this thread's Engine for `db_dir` (after an IndexError, so the
// next request reopens the database from scratch).
void drop_thread_engine(const std::filesystem::path& db_dir);

}  // namespace zh::web
