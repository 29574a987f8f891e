#include "web/engine_cache.h"

#include <map>
#include <memory>
#include <string>

namespace zh::web {
namespace {

std::map<std::string, std::unique_ptr<search::Engine>>& engines() {
  thread_local std::map<std::string, std::unique_ptr<search::Engine>> cache;
  return cache;
}

}  // namespace

search::Engine& thread_engine(const std::filesystem::path& db_dir) {
  auto& cache = engines();
  auto it = cache.find(db_dir.string());
  if (it == cache.end())
    it = cache.emplace(db_dir.string(), std::make_unique<search::Engine>(db_dir)).first;
  return *it->second;
}

void drop_thread_engine(const std::filesystem::path& db_dir) { engines().erase(db_dir.string()); }

}  // namespace zh::web
