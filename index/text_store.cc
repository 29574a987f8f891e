#include "index/text_store.h"

#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include <bit>
#include <cerrno>
#include <cstring>

#include "common/error.h"

namespace zh::index {
namespace fs = std::filesystem;
namespace {

constexpr std::string_view kDataFile = "normal-text.dat";
constexpr std::string_view kIndexFile = "normal-text.idx";
constexpr std::string_view kMagic = "zhsearch-text-2\n";
constexpr std::size_t kHeaderBytes = 64;  // magic (16) + UUID (36) + padding
constexpr std::size_t kEntryBytes = 16;
constexpr std::size_t kRunBlock = 4096;  // passages per block of the run-end bitmap (a multiple of 64)
// put() writes the texts out once this much has accumulated.
constexpr std::size_t kWriteBuffer = 1 << 20;

std::string header(const std::string& uuid) {
  std::string h(kMagic);
  h += uuid;
  h.resize(kHeaderBytes, '\0');
  return h;
}

std::uint64_t entry_offset(Xapian::docid did) { return kHeaderBytes + std::uint64_t{did - 1} * kEntryBytes; }

[[noreturn]] void fail(const std::string& what, const fs::path& path) {
  throw IndexError("cannot " + what + " " + path.string() + ": " + std::strerror(errno) +
                   "; free some space or fix the folder's permissions, then index again");
}

void write_all(int fd, std::string_view bytes, std::uint64_t at, const fs::path& path) {
  while (!bytes.empty()) {
    const ssize_t n = ::pwrite(fd, bytes.data(), bytes.size(), static_cast<off_t>(at));
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) fail("write", path);
    bytes.remove_prefix(static_cast<std::size_t>(n));
    at += static_cast<std::uint64_t>(n);
  }
}

bool read_header(int fd, const std::string& uuid) {
  std::string h(kHeaderBytes, '\0');
  return ::pread(fd, h.data(), h.size(), 0) == static_cast<ssize_t>(h.size()) && h == header(uuid);
}

// A new, empty file holding only the header, renamed over `path`, so that
// readers still mapping the old file keep reading it undisturbed.
int create_fresh(const fs::path& path, const std::string& uuid) {
  const fs::path tmp = path.string() + ".new";
  const int fd = ::open(tmp.c_str(), O_RDWR | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
  if (fd < 0) fail("create", tmp);
  write_all(fd, header(uuid), 0, tmp);
  if (::fsync(fd) != 0 || ::rename(tmp.c_str(), path.c_str()) != 0) {
    ::close(fd);
    fail("create", path);
  }
  return fd;
}

void put_u64(std::string& out, std::uint64_t v) {
  for (int i = 0; i < 8; ++i) out.push_back(static_cast<char>(v >> (8 * i)));
}
void put_u32(std::string& out, std::uint32_t v) {
  for (int i = 0; i < 4; ++i) out.push_back(static_cast<char>(v >> (8 * i)));
}
std::uint64_t get_u64(const char* p) {
  std::uint64_t v = 0;
  for (int i = 7; i >= 0; --i) v = (v << 8) | static_cast<unsigned char>(p[i]);
  return v;
}
std::uint32_t get_u32(const char* p) {
  std::uint32_t v = 0;
  for (int i = 3; i >= 0; --i) v = (v << 8) | static_cast<unsigned char>(p[i]);
  return v;
}

// Entries are appended in docid order and texts in the same order, so the
// last entry points furthest into the texts.
bool last_entry_fits(int data_fd, int index_fd) {
  struct stat data{}, index{};
  if (::fstat(data_fd, &data) != 0 || ::fstat(index_fd, &index) != 0) return false;
  const auto index_size = static_cast<std::uint64_t>(index.st_size);
  if (index_size < kHeaderBytes || (index_size - kHeaderBytes) % kEntryBytes != 0) return false;
  if (index_size == kHeaderBytes) return true;
  char e[kEntryBytes];
  if (::pread(index_fd, e, sizeof e, static_cast<off_t>(index_size - kEntryBytes)) != sizeof e) return false;
  return get_u64(e) + get_u32(e + 8) <= static_cast<std::uint64_t>(data.st_size);
}

}  // namespace

bool TextStoreWriter::intact(const fs::path& dir, const std::string& uuid) {
  const int data_fd = ::open((dir / kDataFile).c_str(), O_RDONLY | O_CLOEXEC);
  const int index_fd = ::open((dir / kIndexFile).c_str(), O_RDONLY | O_CLOEXEC);
  const bool ok = data_fd >= 0 && index_fd >= 0 && read_header(data_fd, uuid) && read_header(index_fd, uuid) &&
                  last_entry_fits(data_fd, index_fd);
  if (data_fd >= 0) ::close(data_fd);
  if (index_fd >= 0) ::close(index_fd);
  return ok;
}

TextStoreWriter::TextStoreWriter(const fs::path& dir, const std::string& uuid, bool sync_to_disk)
    : dir_(dir), sync_to_disk_(sync_to_disk) {
  const fs::path data = dir / kDataFile, index = dir / kIndexFile;
  data_fd_ = ::open(data.c_str(), O_RDWR | O_CLOEXEC);
  index_fd_ = ::open(index.c_str(), O_RDWR | O_CLOEXEC);
  if (data_fd_ < 0 || index_fd_ < 0 || !read_header(data_fd_, uuid) || !read_header(index_fd_, uuid) ||
      !last_entry_fits(data_fd_, index_fd_)) {
    if (data_fd_ >= 0) ::close(data_fd_);
    if (index_fd_ >= 0) ::close(index_fd_);
    data_fd_ = index_fd_ = -1;
    // The texts first: a reader that finds the new index finds its texts.
    data_fd_ = create_fresh(data, uuid);
    index_fd_ = create_fresh(index, uuid);
  }
  struct stat st{};
  if (::fstat(data_fd_, &st) != 0) fail("read", data);
  data_size_ = static_cast<std::uint64_t>(st.st_size);
}

TextStoreWriter::~TextStoreWriter() {
  if (data_fd_ >= 0) ::close(data_fd_);
  if (index_fd_ >= 0) ::close(index_fd_);
}

namespace {

std::string entry(std::uint64_t offset, std::uint32_t length, std::uint32_t run) {
  std::string e;
  put_u64(e, offset);
  put_u32(e, length);
  put_u32(e, run);
  return e;
}

}  // namespace

void TextStoreWriter::put(Xapian::docid did, std::string_view normal_text, Xapian::docid run_end) {
  pending_entries_.push_back(
      {did, static_cast<std::uint32_t>(normal_text.size()), data_size_ + pending_data_.size(), run_end - did});
  pending_data_.append(normal_text);
  if (pending_data_.size() >= kWriteBuffer) write_pending_data();
}

void TextStoreWriter::write_pending_data() {
  write_all(data_fd_, pending_data_, data_size_, dir_ / kDataFile);
  data_size_ += pending_data_.size();
  pending_data_.clear();
}

void TextStoreWriter::append_store(const fs::path& dir, const std::string& uuid, Xapian::docid docid_offset) {
  write_pending_data();
  const fs::path data = dir / kDataFile, index = dir / kIndexFile;
  auto open_checked = [&](const fs::path& path) {
    const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0) fail("open", path);
    if (!read_header(fd, uuid)) {
      ::close(fd);
      throw IndexError(path.string() + " does not belong to the database beside it; index again with --rebuild");
    }
    return fd;
  };
  const int data_fd = open_checked(data);
  const int index_fd = open_checked(index);
  // The texts, whole: each entry then moves by the same distance.
  const std::uint64_t shift = data_size_ - kHeaderBytes;
  std::string block(kWriteBuffer, '\0');
  bool ok = true;
  for (std::uint64_t at = kHeaderBytes;;) {
    const ssize_t n = ::pread(data_fd, block.data(), block.size(), static_cast<off_t>(at));
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) ok = false;
    if (n <= 0) break;
    write_all(data_fd_, std::string_view(block.data(), static_cast<std::size_t>(n)), data_size_, dir_ / kDataFile);
    data_size_ += static_cast<std::uint64_t>(n);
    at += static_cast<std::uint64_t>(n);
  }
  for (std::uint64_t at = kHeaderBytes; ok;) {
    const ssize_t n = ::pread(index_fd, block.data(), block.size(), static_cast<off_t>(at));
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) ok = false;
    if (n <= 0) break;
    const std::size_t whole = static_cast<std::size_t>(n) / kEntryBytes * kEntryBytes;
    for (std::size_t e = 0; e < whole; e += kEntryBytes) {
      const char* p = block.data() + e;
      if (get_u64(p) < kHeaderBytes) continue;  // no text for this docid
      const auto did = static_cast<Xapian::docid>((at + e - kHeaderBytes) / kEntryBytes + 1);
      pending_entries_.push_back({did + docid_offset, get_u32(p + 8), get_u64(p) + shift, get_u32(p + 12)});
    }
    if (whole == 0) break;  // a torn last entry
    at += whole;
  }
  ::close(data_fd);
  ::close(index_fd);
  if (!ok) fail("read", dir);
}

void TextStoreWriter::sync() {
  if (pending_entries_.empty()) return;
  const fs::path data = dir_ / kDataFile, index = dir_ / kIndexFile;
  write_pending_data();
  if (sync_to_disk_ && ::fdatasync(data_fd_) != 0) fail("write", data);
  // Entries of consecutive docids go out in one write.
  std::size_t i = 0;
  while (i < pending_entries_.size()) {
    std::string run;
    std::size_t j = i;
    do {
      const Entry& e = pending_entries_[j];
      run += entry(e.offset, e.length, e.run);
      ++j;
    } while (j < pending_entries_.size() && pending_entries_[j].did == pending_entries_[j - 1].did + 1);
    write_all(index_fd_, run, entry_offset(pending_entries_[i].did), index);
    i = j;
  }
  if (sync_to_disk_ && ::fdatasync(index_fd_) != 0) fail("write", index);
  pending_entries_.clear();
}

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
  if (r.data_fd_ < 0 || r.index_fd_ < 0 || !read_header(r.data_fd_, uuid) || !read_header(r.index_fd_, uuid)) {
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

void merge_text_stores(const std::vector<fs::path>& shards, const std::vector<Xapian::docid>& offsets,
                       const fs::path& dir, const std::string& uuid) {
  TextStoreWriter out(dir, uuid);
  for (std::size_t k = 0; k < shards.size(); ++k)
    out.append_store(shards[k], Xapian::Database(shards[k].string()).get_uuid(), offsets[k]);
  out.sync();
}

}  // namespace zh::index
