// Lets at most a fixed number of searches run at once; the others wait
// their turn, first come first served. The server has a worker thread per
// open connection (64 by default), and without a gate every one of them
// searches at once: the OS then shares the cores among them all, so each
// search, and above all a slow one, takes as many times longer as there
// are searches in flight. With a few searches at once (the server allows
// two per core), a search waits for the ones ahead of it and then runs at
// nearly full speed, which keeps the slowest responses near the queue's
// length, not its square.
// Thread-safe.
#pragma once

#include <condition_variable>
#include <cstddef>
#include <deque>
#include <mutex>

namespace zh::web {

class SearchGate {
 public:
  // Requires: limit >= 1.
  explicit SearchGate(std::size_t limit) : free_(limit) {}
  SearchGate(const SearchGate&) = delete;
  SearchGate& operator=(const SearchGate&) = delete;

  // How many searches are waiting for a place now.
  std::size_t waiting() const;

  // Holds a place while it lives.
  class Pass {
   public:
    explicit Pass(SearchGate& gate) : gate_(gate) { gate_.enter(); }
    ~Pass() { gate_.leave(); }
    Pass(const Pass&) = delete;
    Pass& operator=(const Pass&) = delete;

   private:
    SearchGate& gate_;
  };

 private:
  struct Waiter {
    std::condition_variable turn;
    bool admitted = false;
  };
  void enter();
  void leave();

  mutable std::mutex mutex_;
  std::size_t free_;             // places not held
  std::deque<Waiter*> waiting_;  // in arrival order
};

}  // namespace zh::web
