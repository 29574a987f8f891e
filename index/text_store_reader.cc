#include "index/text_store_reader.h"

#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include <bit>
#include <cstring>

#include "index/text_store_format.h"

namespace zh::index {
namespace fs = std::filesystem;
using namespace text_store;

namespace {

constexpr std::size_t kRunBlock = 4096;  // passages per block of the run-end bitmap (a multiple of 64)

}  // namespace

TextStoreReader::~TextStoreReader() { close(); }

TextStoreReader::TextStoreReader(TextStoreReader&& other) noexcept { *this = std::move(other); }

TextStoreReader& TextStoreReader::operator=(TextStoreReader&& other) noexcept {
  if (this != &other) {
    close();
    uuid_ = std::move(other.uuid_);
    data_fd_ = std::exchange(other.data_fd_, -1);
    index_fd_ = std::exchange(other.index_fd_, -1);
    data_ = std::exchange(other.data_, Mapping{});
    index_ = std::exchange(other.index_, Mapping{});
    copy_ = std::move(other.copy_);
    data_copy_ = std::exchange(other.data_copy_, Mapping{});
    index_copy_ = std::exchange(other.index_copy_, Mapping{});
    run_ends_ = std::move(other.run_ends_);
    run_block_known_ = std::move(other.run_block_known_);
    other.run_ends_.clear();
    other.run_block_known_.clear();
    other.uuid_.clear();
  }
  return *this;
}

void TextStoreReader::close() {
  if (data_.data) ::munmap(const_cast<char*>(data_.data), data_.size);
  if (index_.data) ::munmap(const_cast<char*>(index_.data), index_.size);
  if (data_fd_ >= 0) ::close(data_fd_);
  if (index_fd_ >= 0) ::close(index_fd_);
  copy_.reset();
  data_copy_ = index_copy_ = Mapping{};
  data_ = index_ = Mapping{};
  data_fd_ = index_fd_ = -1;
  run_ends_.clear();
  run_block_known_.clear();
}

TextStoreReader TextStoreReader::open(const fs::path& dir, const std::string& uuid) {
  TextStoreReader r;
  if (uuid.empty()) return r;
  r.data_fd_ = ::open((dir / kDataFile).c_str(), O_RDONLY | O_CLOEXEC);
  r.index_fd_ = ::open((dir / kIndexFile).c_str(), O_RDONLY | O_CLOEXEC);
  if (r.data_fd_ < 0 || r.index_fd_ < 0 || !has_header(r.data_fd_, uuid) || !has_header(r.index_fd_, uuid)) {
    r.close();
    return r;
  }
  r.uuid_ = uuid;
  if (!r.remap()) r = TextStoreReader();
  return r;
}

// Maps both files whole, as they are now; the descriptors, not the paths,
// so a store replaced on disk meanwhile cannot be mixed in.
bool TextStoreReader::remap() {
  auto map = [](int fd, Mapping& m) {
    struct stat st{};
    if (::fstat(fd, &st) != 0) return false;
    const auto size = static_cast<std::size_t>(st.st_size);
    if (size == m.size) return true;
    if (m.data) ::munmap(const_cast<char*>(m.data), m.size);
    m = Mapping{};
    void* p = ::mmap(nullptr, size, PROT_READ, MAP_SHARED, fd, 0);
    if (p == MAP_FAILED) return false;
    m = Mapping{static_cast<const char*>(p), size};
    return true;
  };
  return map(index_fd_, index_) && map(data_fd_, data_);
}

const char* TextStoreReader::mapped_entry(Xapian::docid did) const {
  if (uuid_.empty() || did == 0) return nullptr;
  const std::uint64_t at = entry_offset(did);
  if (at + kEntryBytes > index_.size) return nullptr;
  const char* e = bytes(index_copy_, index_, at, kEntryBytes);
  return e == nullptr || get_u64(e) < kHeaderBytes ? nullptr : e;
}

const char* TextStoreReader::entry(Xapian::docid did) {
  if (uuid_.empty() || did == 0) return nullptr;
  if (entry_offset(did) + kEntryBytes > index_.size && !remap()) return nullptr;
  return mapped_entry(did);
}

std::optional<std::string_view> TextStoreReader::text(Xapian::docid did) {
  const char* e = entry(did);
  if (!e) return std::nullopt;
  const std::uint64_t offset = get_u64(e), length = get_u32(e + 8);
  // remap() may move the index mapping too: the entry was read first.
  if (offset + length > data_.size && (!remap() || offset + length > data_.size)) return std::nullopt;
  return std::string_view(bytes(data_copy_, data_, offset, length), length);
}

const char* TextStoreReader::bytes(const Mapping& copy, const Mapping& m, std::uint64_t at, std::size_t n) {
  if (at + n <= copy.size) return copy.data + at;
  if (at + n <= m.size) return m.data + at;
  return nullptr;
}

namespace {

// An anonymous region holding a copy of a file's first `size` bytes, on
// 2 MiB pages where the kernel allows.
class MemoryCopy {
 public:
  explicit MemoryCopy(const char* from, std::size_t size) {
    constexpr std::size_t kHugePage = std::size_t{2} << 20;
    if (size == 0) return;
    reserved_ = (size + kHugePage - 1) / kHugePage * kHugePage + kHugePage;
    base_ = ::mmap(nullptr, reserved_, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (base_ == MAP_FAILED) {
      base_ = nullptr;
      return;
    }
    char* aligned =
        reinterpret_cast<char*>((reinterpret_cast<std::uintptr_t>(base_) + kHugePage - 1) / kHugePage * kHugePage);
    ::madvise(aligned, reserved_ - static_cast<std::size_t>(aligned - static_cast<char*>(base_)), MADV_HUGEPAGE);
    std::memcpy(aligned, from, size);
    data_ = aligned;
    size_ = size;
  }
  ~MemoryCopy() {
    if (base_) ::munmap(base_, reserved_);
  }
  MemoryCopy(const MemoryCopy&) = delete;
  MemoryCopy& operator=(const MemoryCopy&) = delete;

  const char* data() const { return data_; }
  std::size_t size() const { return size_; }  // 0 when copying failed

 private:
  void* base_ = nullptr;      // as mmap returned it
  std::size_t reserved_ = 0;  // as mmap was asked
  const char* data_ = nullptr;
  std::size_t size_ = 0;
};

}  // namespace

struct TextStoreReader::StoreCopy {
  StoreCopy(std::string id, const Mapping& data_file, const Mapping& index_file)
      : uuid(std::move(id)), data(data_file.data, data_file.size), index(index_file.data, index_file.size) {}
  std::string uuid;
  MemoryCopy data, index;
};

void TextStoreReader::warm_up(SharedStoreCopy* shared) {
  if (uuid_.empty() || !remap()) return;
  auto make = [this] { return std::make_shared<const StoreCopy>(uuid_, data_, index_); };
  copy_ = shared ? shared->get(uuid_, make) : make();
  // A copy made by another reader may be shorter than this one's mapping:
  // what lies past it is read through the mapping.
  data_copy_ = Mapping{copy_->data.data(), copy_->data.size()};
  index_copy_ = Mapping{copy_->index.data(), copy_->index.size()};
  std::size_t block = 0;
  while (know_run_block(block)) ++block;
}

std::shared_ptr<const TextStoreReader::StoreCopy> SharedStoreCopy::get(
    const std::string& uuid, const std::function<std::shared_ptr<const TextStoreReader::StoreCopy>()>& make) {
  std::lock_guard lock(mutex_);
  if (!latest_ || latest_->uuid != uuid) latest_ = make();
  return latest_;
}

bool TextStoreReader::know_run_block(std::size_t block) {
  if (block < run_block_known_.size() && run_block_known_[block]) return true;
  const auto first = static_cast<Xapian::docid>(block * kRunBlock + 1);
  const auto last = static_cast<Xapian::docid>(first + kRunBlock - 1);
  // Not all written yet (as far as the current mapping shows: remapping
  // here would cost a system call on every count of the newest passages).
  if (last < first || !mapped_entry(last)) return false;
  if (run_ends_.size() < (block + 1) * kRunBlock / 64) {
    run_ends_.resize((block + 1) * kRunBlock / 64);
    run_block_known_.resize(block + 1);
  }
  for (Xapian::docid did = first; did <= last && did >= first; ++did) {
    const char* e = mapped_entry(did);
    if (!e) return false;
    const std::uint64_t bit = did - 1;
    const std::uint64_t mask = std::uint64_t{1} << (bit % 64);
    if (get_u32(e + 12) == 0) run_ends_[bit / 64] |= mask;
    else run_ends_[bit / 64] &= ~mask;
  }
  run_block_known_[block] = true;
  return true;
}

std::optional<Xapian::docid> TextStoreReader::run_end(Xapian::docid did) {
  if (uuid_.empty() || did == 0) return std::nullopt;
  // The next set bit at or after did's: a run may reach into later blocks.
  for (std::uint64_t bit = did - 1; know_run_block(bit / kRunBlock);) {
    const std::uint64_t block_end = (bit / kRunBlock + 1) * kRunBlock;
    for (; bit < block_end; bit = (bit / 64 + 1) * 64)
      if (const std::uint64_t word = run_ends_[bit / 64] >> (bit % 64); word != 0)
        return static_cast<Xapian::docid>(bit + static_cast<std::uint64_t>(std::countr_zero(word)) + 1);
  }
  // The newest passages, whose block is not complete: from the entry.
  const char* e = entry(did);
  if (!e) return std::nullopt;
  return did + get_u32(e + 12);
}

}  // namespace zh::index
