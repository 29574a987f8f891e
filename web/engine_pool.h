// The search engines of a server: a few, each serving one request at a
// time, handed out first come first served; requests beyond that wait
// their turn (search_gate.h says why that beats searching all at once).
// An Engine keeps what it has read of the index between searches (document
// records, the text store's mapping and run-end bitmap), so a few busy
// engines stay warm where one per worker thread (64) would each read the
// same things again. An Engine is used by one thread at a time; the pool's
// lock orders one user's searches before the next one's. Thread-safe.
#pragma once

#include <cstddef>
#include <filesystem>
#include <memory>
#include <mutex>
#include <vector>

#include "common/error.h"
#include "search/engine.h"
#include "web/search_gate.h"

namespace zh::web {

class EnginePool {
 public:
  // At most `size` engines on the index at `db_dir`, opened on first use.
  // Requires: size >= 1.
  EnginePool(std::filesystem::path db_dir, std::size_t size);
  EnginePool(const EnginePool&) = delete;
  EnginePool& operator=(const EnginePool&) = delete;

  // Opens every engine now and has each read what its first searches would
  // (Engine::warm_up). Throws zh::IndexError as opening does.
  void warm_up();

  // Runs fn(engine) on a free engine, waiting for one, and returns what fn
  // returns. Throws what fn throws; after a zh::IndexError (also from
  // opening the index) the engine is dropped, so the next use reopens the
  // database from scratch.
  template <typename Fn>
  auto run(Fn&& fn) {
    const SearchGate::Pass pass(gate_);
    Lease lease(*this);
    try {
      return fn(lease.engine());
    } catch (const IndexError&) {
      lease.drop();
      throw;
    }
  }

 private:
  // An engine taken from the idle ones (or opened) for one use.
  class Lease {
   public:
    explicit Lease(EnginePool& pool) : pool_(pool) {}
    ~Lease();
    Lease(const Lease&) = delete;
    Lease& operator=(const Lease&) = delete;
    search::Engine& engine();
    void drop() { engine_.reset(); }

   private:
    EnginePool& pool_;
    std::unique_ptr<search::Engine> engine_;
  };

  std::filesystem::path db_dir_;
  std::size_t size_;
  SearchGate gate_;
  std::shared_ptr<search::EngineShare> share_;
  std::mutex mutex_;
  std::vector<std::unique_ptr<search::Engine>> idle_;
};

}  // namespace zh::web
