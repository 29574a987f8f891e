#include "index/text_store_format.h"

#include <unistd.h>

namespace zh::index::text_store {

bool has_header(int fd, const std::string& uuid) {
  std::string h(kHeaderBytes, '\0');
  return ::pread(fd, h.data(), h.size(), 0) == static_cast<ssize_t>(h.size()) && h == header(uuid);
}

}  // namespace zh::index::text_store
