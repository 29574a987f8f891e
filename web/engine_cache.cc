#include "web/engine_cache.h"

#include <map>
#include <memory>
#include <mutex>
#include <string>

namespace zh::web {
namespace {

std::map<std::string, std::unique_ptr<search::Engine>>& engines() {
  thread_local std::map<std::string, std::unique_ptr<search::Engine>> cache;
  return cache;
}

// One SharedPassageMap per database folder for all worker threads: the
// first exact count after a commit extends it once, not once per thread.
std::shared_ptr<search::SharedPassageMap> shared_map(const std::string& db_dir) {
  static std::mutex mutex;
  static std::map<std::string, std::shared_ptr<search::SharedPassageMap>> maps;
  std::lock_guard lock(mutex);
  auto& map = maps[db_dir];
  if (!map) map = search::make_shared_passage_map();
  return map;
}

}  // namespace

search::Engine& thread_engine(const std::filesystem::path& db_dir) {
  auto& cache = engines();
  auto it = cache.find(db_dir.string());
  if (it == cache.end())
    it = cache.emplace(db_dir.string(), std::make_unique<search::Engine>(db_dir, shared_map(db_dir.string()))).first;
  return *it->second;
}

void drop_thread_engine(const std::filesystem::path& db_dir) { engines().erase(db_dir.string()); }

}  // namespace zh::web
