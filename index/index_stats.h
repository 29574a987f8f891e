// What `zhsearch stats` shows of an index (IndexReader::stats()).
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>

namespace zh::index {

struct IndexStats {
  std::size_t documents = 0, passages = 0;
  std::optional<std::size_t> terms;  // distinct terms; unknown until an index run counts them
  std::uintmax_t bytes_on_disk = 0;  // every file in the index's folder
  std::string last_update;           // ISO 8601 UTC, "" if never committed
};

}  // namespace zh::index
