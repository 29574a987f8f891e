#include "web/search_gate.h"

namespace zh::web {

// A leaving search hands its place straight to the first waiter, so that
// no later arrival can take it first and only that waiter wakes up.
void SearchGate::enter() {
  std::unique_lock lock(mutex_);
  if (free_ > 0 && waiting_.empty()) {
    --free_;
    return;
  }
  Waiter me;
  waiting_.push_back(&me);
  me.turn.wait(lock, [&] { return me.admitted; });
}

void SearchGate::leave() {
  std::lock_guard lock(mutex_);
  if (waiting_.empty()) {
    ++free_;
    return;
  }
  Waiter* next = waiting_.front();
  waiting_.pop_front();
  next->admitted = true;
  next->turn.notify_one();  // under the lock: `next` lives on a stack that may unwind once it is set
}

std::size_t SearchGate::waiting() const {
  std::lock_guard lock(mutex_);
  return waiting_.size();
}

}  // namespace zh::web
