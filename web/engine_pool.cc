#include "web/engine_pool.h"

#include <vector>

#include "common/error.h"

namespace zh::web {

EnginePool::EnginePool(std::filesystem::path db_dir, std::size_t size)
    : db_dir_(std::move(db_dir)), size_(size), gate_(size), share_(search::make_engine_share()) {}

void EnginePool::warm_up() {
  // Leases held at once are distinct engines.
  std::vector<std::unique_ptr<Lease>> leases;
  for (std::size_t i = 0; i < size_; ++i) {
    leases.push_back(std::make_unique<Lease>(*this));
    try {
      leases.back()->engine().warm_up();
    } catch (const IndexError&) {
      leases.back()->drop();  // as run() does: the next use reopens the index
      throw;
    }
  }
}

search::Engine& EnginePool::Lease::engine() {
  if (!engine_) {
    {
      std::lock_guard lock(pool_.mutex_);
      if (!pool_.idle_.empty()) {
        engine_ = std::move(pool_.idle_.back());
        pool_.idle_.pop_back();
      }
    }
    // Opening reads the index: outside the lock. The gate keeps the number
    // of engines at its limit.
    if (!engine_) engine_ = std::make_unique<search::Engine>(pool_.db_dir_, pool_.share_);
  }
  return *engine_;
}

EnginePool::Lease::~Lease() {
  if (!engine_) return;
  std::lock_guard lock(pool_.mutex_);
  pool_.idle_.push_back(std::move(engine_));
}

}  // namespace zh::web
