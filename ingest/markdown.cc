#include "ingest/markdown.h"

#include <md4c.h>

#include <cstdlib>

#include "text/utf8.h"

namespace zh::ingest {
namespace {

class BlockCollector {
 public:
  static int enter_block(MD_BLOCKTYPE type, void* detail, void* self) {
    auto& c = *static_cast<BlockCollector*>(self);
    if (type == MD_BLOCK_H) c.heading_level_ = static_cast<MD_BLOCK_H_DETAIL*>(detail)->level;
    return 0;
  }

  static int leave_block(MD_BLOCKTYPE type, void*, void* self) {
    auto& c = *static_cast<BlockCollector*>(self);
    switch (type) {
      case MD_BLOCK_H:
        if (c.heading_level_ == 1 && c.out_.first_h1.empty()) c.out_.first_h1 = c.buffer_;
        c.flush(true);
        c.heading_level_ = 0;
        break;
      case MD_BLOCK_TD: case MD_BLOCK_TH:
        c.buffer_ += ' ';
        break;
      case MD_BLOCK_P: case MD_BLOCK_CODE: case MD_BLOCK_HTML: case MD_BLOCK_LI: case MD_BLOCK_TR:
        c.flush(false);
        break;
      default:
        break;
    }
    return 0;
  }

  static int enter_span(MD_SPANTYPE, void*, void*) { return 0; }
  static int leave_span(MD_SPANTYPE, void*, void*) { return 0; }

  static int text(MD_TEXTTYPE type, const MD_CHAR* data, MD_SIZE size, void* self) {
    auto& c = *static_cast<BlockCollector*>(self);
    const std::string_view s(data, size);
    switch (type) {
      case MD_TEXT_BR: case MD_TEXT_SOFTBR: c.buffer_ += '\n'; break;
      case MD_TEXT_NULLCHAR: text::append_utf8(c.buffer_, U'\uFFFD'); break;
      case MD_TEXT_ENTITY: c.append_entity(s); break;
      default: c.buffer_ += s; break;
    }
    return 0;
  }

  MarkdownText take() {
    flush(false);
    return std::move(out_);
  }

 private:
  void flush(bool heading) {
    strip_stray_bold_markers(buffer_);
    // Trim each line: hard breaks ("two spaces") leave trailing blanks.
    std::string cleaned = trim_lines(buffer_);
    buffer_.clear();
    if (!cleaned.empty()) out_.blocks.push_back(TextBlock{heading, std::move(cleaned), std::nullopt});
  }

  // CommonMark does not close emphasis that touches CJK punctuation
  // ("**通用人工智能(AGI)**的"), and web clippers escape bold as \*\*;
  // either way "**" left in the text is markup, never content.
  static void strip_stray_bold_markers(std::string& s) {
    for (std::size_t at = s.find("**"); at != std::string::npos; at = s.find("**", at)) {
      std::size_t end = at;
      while (end < s.size() && s[end] == '*') ++end;
      s.erase(at, end - at);
    }
  }

  void append_entity(std::string_view e) {
    if (e == "&amp;") { buffer_ += '&'; return; }
    if (e == "&lt;") { buffer_ += '<'; return; }
    if (e == "&gt;") { buffer_ += '>'; return; }
    if (e == "&quot;") { buffer_ += '"'; return; }
    if (e == "&apos;") { buffer_ += '\''; return; }
    if (e == "&nbsp;") { text::append_utf8(buffer_, U'\u00A0'); return; }
    if (e.size() > 3 && e[1] == '#') {
      const bool hex = e[2] == 'x' || e[2] == 'X';
      const std::string digits(e.substr(hex ? 3 : 2, e.size() - (hex ? 4 : 3)));
      const unsigned long c = std::strtoul(digits.c_str(), nullptr, hex ? 16 : 10);
      if (c > 0 && c <= 0x10FFFF && (c < 0xD800 || c > 0xDFFF)) {
        text::append_utf8(buffer_, static_cast<char32_t>(c));
        return;
      }
    }
    buffer_ += e;  // unknown entity: keep it as written
  }

  MarkdownText out_;
  std::string buffer_;
  unsigned heading_level_ = 0;
};

}  // namespace

MarkdownText parse_markdown(std::string_view utf8) {
  BlockCollector collector;
  MD_PARSER parser{};
  parser.abi_version = 0;
  parser.flags = MD_FLAG_NOHTML | MD_FLAG_TABLES | MD_FLAG_STRIKETHROUGH | MD_FLAG_PERMISSIVEAUTOLINKS;
  parser.enter_block = &BlockCollector::enter_block;
  parser.leave_block = &BlockCollector::leave_block;
  parser.enter_span = &BlockCollector::enter_span;
  parser.leave_span = &BlockCollector::leave_span;
  parser.text = &BlockCollector::text;
  md_parse(utf8.data(), static_cast<MD_SIZE>(utf8.size()), &parser, &collector);
  return collector.take();
}

std::vector<TextBlock> parse_plain_text(std::string_view utf8) {
  std::vector<TextBlock> blocks;
  std::string paragraph;
  auto flush = [&] {
    if (!paragraph.empty()) blocks.push_back(TextBlock{false, std::move(paragraph), std::nullopt});
    paragraph.clear();
  };
  std::size_t start = 0;
  while (start < utf8.size()) {
    std::size_t eol = utf8.find('\n', start);
    if (eol == std::string_view::npos) eol = utf8.size();
    std::string_view line = utf8.substr(start, eol - start);
    while (!line.empty() && (line.back() == '\r' || line.back() == ' ' || line.back() == '\t'))
      line.remove_suffix(1);
    if (line.find_first_not_of(" \t") == std::string_view::npos) {
      flush();
    } else {
      if (!paragraph.empty()) paragraph += '\n';
      paragraph += line;
    }
    start = eol + 1;
  }
  flush();
  return blocks;
}

}  // namespace zh::ingest
