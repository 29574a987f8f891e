// Reads the text store of one database (layout: text_store_format.h)
// through memory maps: each passage's normal searchable text, and where its
// document's run of passages ends. A lookup past the mapped end remaps, so
// a reader sees entries appended after it opened.
// Thread-safety: TextStoreReader is not thread-safe (one per searching
// thread; mapping is cheap and the pages are shared); SharedStoreCopy is.
// Errors: none thrown; what the store does not hold is nullopt.
#pragma once

#include <xapian.h>

#include <cstdint>
#include <filesystem>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace zh::index {

class SharedStoreCopy;

class TextStoreReader {
 public:
  struct StoreCopy;  // a store's files copied into memory (text_store_reader.cc)

  TextStoreReader() = default;
  ~TextStoreReader();
  TextStoreReader(TextStoreReader&& other) noexcept;
  TextStoreReader& operator=(TextStoreReader&& other) noexcept;

  // The store of database `uuid` in `dir`, or an empty reader (every
  // lookup misses) when there is none, it belongs to another database or
  // it cannot be mapped.
  static TextStoreReader open(const std::filesystem::path& dir, const std::string& uuid);

  // The normal text of passage `did`, or nullopt when the store does not
  // hold it. Valid until the next call.
  std::optional<std::string_view> text(Xapian::docid did);

  // The last docid of the run of passages of `did`'s document, or nullopt
  // when the store does not hold `did`. Answered from a bitmap of where
  // runs end, built on first use a block of passages at a time.
  std::optional<Xapian::docid> run_end(Xapian::docid did);

  // For a process that will search many times: copies the store into its
  // own memory (on 2 MiB pages where the kernel allows) and builds the
  // whole run-end bitmap, since the first reads through the page cache's
  // mapping are slow. Costs the store's size in memory, once per process
  // when the readers of its threads pass one `shared` (which must outlive
  // them); entries appended later are read through the mapping.
  void warm_up(SharedStoreCopy* shared = nullptr);

  // The database the store belongs to ("" for an empty reader).
  const std::string& uuid() const { return uuid_; }

 private:
  struct Mapping {
    const char* data = nullptr;
    std::size_t size = 0;
  };
  // Bytes [at, at + n) of a file, from the copy when it holds them, else
  // from the current mapping; null when neither does.
  static const char* bytes(const Mapping& copy, const Mapping& m, std::uint64_t at, std::size_t n);
  bool remap();
  void close();
  // The entry of `did`, or null; valid until the next remap(). entry()
  // remaps when `did` lies past the mapped end, mapped_entry() never does.
  const char* entry(Xapian::docid did);
  const char* mapped_entry(Xapian::docid did) const;
  // Fills block `block` of run_ends_ from the entries; false when one of
  // them is missing (the block is not complete yet, or damaged).
  bool know_run_block(std::size_t block);

  std::string uuid_;
  int data_fd_ = -1;
  int index_fd_ = -1;
  Mapping data_, index_;
  // The copies' bytes, owned by copy_ (null until warm_up()).
  std::shared_ptr<const StoreCopy> copy_;
  Mapping data_copy_, index_copy_;
  // Bit d - 1 is set when passage d ends its document's run: a bit per
  // passage stays in the cache where a 16-byte entry would not. Only
  // complete blocks are filled: entries are only ever appended, so a
  // complete block never changes.
  std::vector<std::uint64_t> run_ends_;
  std::vector<bool> run_block_known_;
};

// The memory copy that warm_up() makes of one database's store, shared by
// the readers of several threads (a server's engines): the first to warm
// up copies, the others take that copy. A rebuilt database's store (a new
// UUID) gets a new copy; the old one lives while a reader holds it.
// Thread-safe.
class SharedStoreCopy {
 public:
  // The copy held for `uuid`, else the one `make` returns (called under the
  // lock, so it runs once), which is then held.
  std::shared_ptr<const TextStoreReader::StoreCopy> get(
      const std::string& uuid, const std::function<std::shared_ptr<const TextStoreReader::StoreCopy>()>& make);

 private:
  std::mutex mutex_;
  std::shared_ptr<const TextStoreReader::StoreCopy> latest_;
};

}  // namespace zh::index
