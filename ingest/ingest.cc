#include "ingest/ingest.h"

#include <fmt/format.h>

#include <algorithm>
#include <fstream>

#include "common/error.h"
#include "common/strings.h"
#include "ingest/front_matter.h"
#include "ingest/html.h"
#include "ingest/markdown.h"
#include "ingest/passage_splitter.h"
#include "ingest/subtitle.h"
#include "text/decode.h"

namespace zh::ingest {
std::string read_input_file(const std::filesystem::path& file) {
  std::error_code ec;
  const auto size = std::filesystem::file_size(file, ec);
  if (ec) throw InputError("cannot read: " + ec.message());
  if (size > kMaxFileBytes)
    throw InputError(fmt::format("file is {} MB, more than the {} MB limit", size >> 20, kMaxFileBytes >> 20));
  std::ifstream in(file, std::ios::binary);
  if (!in) throw InputError("cannot open for reading (check its permissions)");
  std::string bytes(size, '\0');
  in.read(bytes.data(), static_cast<std::streamsize>(size));
  if (static_cast<std::size_t>(in.gcount()) != size) throw InputError("cannot read the whole file");
  return bytes;
}

namespace {

// Control characters other than line breaks and tabs are never text.
void strip_controls(std::string& s) {
  std::erase_if(s, [](char c) {
    const auto u = static_cast<unsigned char>(c);
    return (u < 0x20 && u != '\n' && u != '\t') || u == 0x7F;
  });
}

}  // namespace

Format format_of(const std::filesystem::path& file) {
  const std::string ext = ascii_lower(file.extension().string());
  if (ext == ".md" || ext == ".markdown" || ext == ".mdown") return Format::Markdown;
  if (ext == ".txt" || ext == ".text") return Format::PlainText;
  if (ext == ".srt") return Format::Srt;
  if (ext == ".vtt") return Format::WebVtt;
  if (ext == ".html" || ext == ".htm" || ext == ".xhtml") return Format::Html;
  return Format::Unsupported;
}

std::string read_sidecar_front_matter(const std::filesystem::path& file) {
  const Format format = format_of(file);
  if (format != Format::Srt && format != Format::WebVtt) return "";
  for (const char* ext : {".yaml", ".yml", ".md"}) {
    std::filesystem::path sidecar = file;
    sidecar.replace_extension(ext);
    std::error_code ec;
    if (!std::filesystem::is_regular_file(sidecar, ec)) continue;
    try {
      std::string text = text::decode(read_input_file(sidecar)).utf8;
      std::erase(text, '\r');
      if (std::string_view(ext) != ".md") return text;
      return std::string(split_front_matter(text).yaml);
    } catch (const Error&) {
      continue;  // an unreadable sidecar is no sidecar
    }
  }
  return "";
}

bool is_subtitle_sidecar(const std::filesystem::path& file) {
  if (format_of(file) != Format::Markdown) return false;
  for (const char* ext : {".srt", ".vtt", ".SRT", ".VTT"}) {
    std::filesystem::path subtitle = file;
    subtitle.replace_extension(ext);
    std::error_code ec;
    if (std::filesystem::is_regular_file(subtitle, ec)) return true;
  }
  return false;
}

std::string content_hash(std::string_view bytes, std::string_view sidecar_yaml) {
  std::uint64_t h = 0xcbf29ce484222325ULL;  // FNV-1a 64
  auto mix = [&h](std::string_view s) {
    for (unsigned char c : s) {
      h ^= c;
      h *= 0x100000001b3ULL;
    }
  };
  mix(kSchemaVersion);  // ingest.h
  mix(bytes);
  if (!sidecar_yaml.empty()) {
    mix(std::string_view("\0sidecar\0", 9));
    mix(sidecar_yaml);
  }
  return fmt::format("{:016x}-{:x}", h, bytes.size());
}

namespace {

// The metadata a reader can see and would search for: author, tags,
// description and source URL, one per line, searchable with the first
// passage (as the title is), so a tag or a link finds its document.
std::string searchable_metadata(const DocumentMeta& meta) {
  std::vector<std::string> lines;
  if (!meta.author.empty()) lines.push_back(meta.author);
  if (!meta.tags.empty()) lines.push_back(fmt::format("{}", fmt::join(meta.tags, " ")));
  if (!meta.description.empty()) lines.push_back(meta.description);
  if (!meta.source.empty()) lines.push_back(meta.source);
  return fmt::format("{}", fmt::join(lines, "\n"));
}

}  // namespace

Document parse_document(std::string_view bytes, Format format, const std::string& key,
                        const std::string& fallback_title, std::string_view sidecar_yaml) {
  Document doc;
  doc.key = key;
  doc.content_hash = content_hash(bytes, sidecar_yaml);
  text::Decoded decoded = text::decode(bytes);
  doc.encoding = decoded.encoding;
  if (decoded.invalid_count > 0 && decoded.first_invalid_offset != std::string_view::npos)
    doc.warnings.push_back(fmt::format("invalid {} at byte {} ({} bad sequences replaced with U+FFFD)",
                                       decoded.encoding, decoded.first_invalid_offset, decoded.invalid_count));
  else if (decoded.invalid_count > 0)
    doc.warnings.push_back(fmt::format("{} characters not representable in {} replaced with U+FFFD",
                                       decoded.invalid_count, decoded.encoding));
  std::string& text = decoded.utf8;
  std::erase(text, '\r');
  strip_controls(text);

  std::vector<TextBlock> blocks;
  if (format == Format::Markdown) {
    const FrontMatterSplit split = split_front_matter(text);
    parse_front_matter(split.yaml, doc.meta, doc.warnings);
    MarkdownText md = parse_markdown(split.body);
    if (doc.meta.title.empty()) doc.meta.title = md.first_h1;
    blocks = std::move(md.blocks);
  } else if (format == Format::PlainText) {
    blocks = parse_plain_text(text);
  } else if (format == Format::Srt || format == Format::WebVtt) {
    parse_front_matter(sidecar_yaml, doc.meta, doc.warnings);
    SubtitleText subs = parse_subtitles(text, format == Format::Srt ? SubtitleFormat::Srt : SubtitleFormat::WebVtt);
    doc.warnings.insert(doc.warnings.end(), subs.warnings.begin(), subs.warnings.end());
    blocks = std::move(subs.blocks);
  } else if (format == Format::Html) {
    HtmlText html = parse_html(text);
    doc.meta = std::move(html.meta);
    doc.meta.language = html.lang;
    doc.warnings.insert(doc.warnings.end(), html.warnings.begin(), html.warnings.end());
    blocks = std::move(html.blocks);
  } else {
    throw InputError("unsupported file type");
  }
  // A title taken from the file name is shown, but not searchable text:
  // Ctrl-F searches what the document says.
  const bool title_from_text = !doc.meta.title.empty();
  if (!title_from_text) doc.meta.title = fallback_title;
  // The title is context of the first passage unless that passage already
  // sits under it as its heading.
  const bool title_is_first_heading = !blocks.empty() && blocks.front().is_heading &&
                                      blocks.front().text == doc.meta.title;
  std::string context = title_is_first_heading || !title_from_text ? "" : doc.meta.title;
  const std::string metadata = searchable_metadata(doc.meta);
  if (!metadata.empty()) context += (context.empty() ? "" : "\n") + metadata;
  doc.passages = split_passages(std::move(blocks), context);
  return doc;
}

Document ingest_file(const std::filesystem::path& file, const std::string& key) {
  const Format format = format_of(file);
  if (format == Format::Unsupported)
    throw InputError(std::string("unsupported file type (expected ") + std::string(kSupportedTypes) + ")");
  const std::string bytes = read_input_file(file);
  Document doc = parse_document(bytes, format, key, file.stem().string(), read_sidecar_front_matter(file));
  doc.path = std::filesystem::absolute(file).lexically_normal().string();
  return doc;
}

}  // namespace zh::ingest
