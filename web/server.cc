#include "web/server.h"

#include <iostream>

namespace zh::web {

int serve(const ServerOptions&) {
  std::cerr << "zhsearch: serve is not available yet: the web front end is tracked in issue #3\n";
  return 2;
}

}  // namespace zh::web
