#include "ingest/html.h"

#include <fmt/format.h>
#include <gumbo.h>

#include <algorithm>
#include <cstring>
#include <memory>
#include <vector>

#include "common/error.h"
#include "text/utf8.h"

namespace zh::ingest {
namespace {

using text::next_code_point;

std::string lowercase(std::string_view s) {
  std::string out(s);
  std::transform(out.begin(), out.end(), out.begin(), [](unsigned char c) { return std::tolower(c); });
  return out;
}

// Gumbo's strings are meant to be UTF-8, but a numeric character reference
// too long for its int (&#x4E2DDDD...;) comes out as a stray byte, in text
// and attribute values alike. Every string taken from gumbo passes here, so
// nothing after the parser meets invalid UTF-8: `s` itself when valid, else
// its repair (U+FFFD for each bad sequence, as a browser shows such a
// reference) kept in `repaired`.
std::string_view valid_utf8(const char* s, std::string& repaired) {
  const std::string_view view(s ? s : "");
  if (text::find_invalid_utf8(view) == std::string_view::npos) return view;
  repaired = text::repair_utf8(view);
  return repaired;
}

const char* attribute(const GumboNode* node, const char* name) {
  if (node->type != GUMBO_NODE_ELEMENT && node->type != GUMBO_NODE_TEMPLATE) return nullptr;
  const GumboAttribute* a = gumbo_get_attribute(&node->v.element.attributes, name);
  return a ? a->value : nullptr;
}

// True when the space-separated attribute value `list` holds `token`
// (ASCII case-insensitive).
bool has_token(const char* list, std::string_view token) {
  if (!list) return false;
  const std::string l = lowercase(list);
  for (std::size_t pos = 0; pos < l.size();) {
    const std::size_t end = std::min(l.find_first_of(" \t\n\r\f", pos), l.size());
    if (std::string_view(l).substr(pos, end - pos) == token) return true;
    pos = end + 1;
  }
  return false;
}

bool is_element(const GumboNode* n) { return n->type == GUMBO_NODE_ELEMENT || n->type == GUMBO_NODE_TEMPLATE; }

GumboTag tag_of(const GumboNode* n) { return is_element(n) ? n->v.element.tag : GUMBO_TAG_UNKNOWN; }

bool is_html(const GumboNode* n) { return is_element(n) && n->v.element.tag_namespace == GUMBO_NAMESPACE_HTML; }

const GumboVector* children_of(const GumboNode* n) {
  if (n->type == GUMBO_NODE_DOCUMENT) return &n->v.document.children;
  if (is_element(n)) return &n->v.element.children;
  return nullptr;
}

int heading_level(GumboTag t) {
  switch (t) {
    case GUMBO_TAG_H1: return 1;
    case GUMBO_TAG_H2: return 2;
    case GUMBO_TAG_H3: return 3;
    case GUMBO_TAG_H4: return 4;
    case GUMBO_TAG_H5: return 5;
    case GUMBO_TAG_H6: return 6;
    default: return 0;
  }
}

bool is_block(GumboTag t) {
  switch (t) {
    case GUMBO_TAG_ADDRESS: case GUMBO_TAG_ARTICLE: case GUMBO_TAG_ASIDE: case GUMBO_TAG_BLOCKQUOTE:
    case GUMBO_TAG_BODY: case GUMBO_TAG_DD: case GUMBO_TAG_DETAILS: case GUMBO_TAG_DIV:
    case GUMBO_TAG_DL: case GUMBO_TAG_DT: case GUMBO_TAG_FIELDSET: case GUMBO_TAG_FIGCAPTION:
    case GUMBO_TAG_FIGURE: case GUMBO_TAG_FOOTER: case GUMBO_TAG_HEADER: case GUMBO_TAG_HR: case GUMBO_TAG_LI:
    case GUMBO_TAG_MAIN: case GUMBO_TAG_NAV: case GUMBO_TAG_OL: case GUMBO_TAG_P: case GUMBO_TAG_PRE:
    case GUMBO_TAG_SECTION: case GUMBO_TAG_SUMMARY: case GUMBO_TAG_TABLE: case GUMBO_TAG_TBODY:
    case GUMBO_TAG_THEAD: case GUMBO_TAG_TFOOT: case GUMBO_TAG_TR: case GUMBO_TAG_UL: case GUMBO_TAG_CAPTION:
    case GUMBO_TAG_H1: case GUMBO_TAG_H2: case GUMBO_TAG_H3: case GUMBO_TAG_H4: case GUMBO_TAG_H5:
    case GUMBO_TAG_H6: case GUMBO_TAG_CENTER: case GUMBO_TAG_LEGEND:
      return true;
    default:
      return false;
  }
}

// Elements whose content is never main text. `in_article`: a <header>
// inside an article holds its title, so it is kept there.
bool is_boilerplate(const GumboNode* n, bool in_article) {
  if (!is_element(n)) return false;
  if (n->v.element.tag_namespace != GUMBO_NAMESPACE_HTML) return true;  // svg, math
  switch (n->v.element.tag) {
    case GUMBO_TAG_NAV: case GUMBO_TAG_ASIDE: case GUMBO_TAG_FOOTER: case GUMBO_TAG_SCRIPT:
    case GUMBO_TAG_STYLE: case GUMBO_TAG_NOSCRIPT: case GUMBO_TAG_TEMPLATE: case GUMBO_TAG_FORM:
    case GUMBO_TAG_BUTTON: case GUMBO_TAG_SELECT: case GUMBO_TAG_TEXTAREA: case GUMBO_TAG_IFRAME:
    case GUMBO_TAG_OBJECT: case GUMBO_TAG_HEAD: case GUMBO_TAG_TITLE:
      return true;
    case GUMBO_TAG_HEADER:
      if (!in_article) return true;
      break;
    default:
      break;
  }
  if (n->type == GUMBO_NODE_TEMPLATE) return true;
  if (attribute(n, "hidden")) return true;
  if (const char* aria = attribute(n, "aria-hidden"); aria && lowercase(aria) == "true") return true;
  const char* role = attribute(n, "role");
  for (std::string_view r : {"navigation", "banner", "contentinfo", "complementary", "search", "menu", "menubar"})
    if (has_token(role, r)) return true;
  const char* cls = attribute(n, "class");
  for (std::string_view c : {"nav", "navbar", "menu", "sidebar", "breadcrumb", "breadcrumbs", "skip-link",
                             "site-nav", "site-header", "site-footer"})
    if (has_token(cls, c)) return true;
  return false;
}

bool is_cjk(char32_t c) {
  return (c >= 0x2E80 && c <= 0x9FFF) || (c >= 0xAC00 && c <= 0xD7AF) || (c >= 0xF900 && c <= 0xFAFF) ||
         (c >= 0xFE30 && c <= 0xFE4F) || (c >= 0xFF00 && c <= 0xFFEF) || (c >= 0x20000 && c <= 0x3FFFF);
}

char32_t last_code_point(std::string_view s) {
  if (s.empty()) return 0;
  std::size_t start = s.size() - 1;
  while (start > 0 && (static_cast<unsigned char>(s[start]) & 0xC0) == 0x80) --start;
  return next_code_point(s, start);
}

// Collects the text under some nodes as blocks, collapsing whitespace the
// way a browser renders it.
class TextCollector {
 public:
  explicit TextCollector(std::vector<TextBlock>& out) : out_(out) {}

  void collect(const GumboNode* root, bool in_article) {
    struct Frame {
      const GumboNode* node;
      bool leaving;
      bool in_article;
    };
    std::vector<Frame> stack{{root, false, in_article}};
    while (!stack.empty()) {
      const Frame f = stack.back();
      stack.pop_back();
      const GumboNode* n = f.node;
      if (f.leaving) {
        leave(n);
        continue;
      }
      switch (n->type) {
        case GUMBO_NODE_TEXT: case GUMBO_NODE_CDATA: case GUMBO_NODE_WHITESPACE:
          append_text(n->v.text.text);
          continue;
        case GUMBO_NODE_ELEMENT: case GUMBO_NODE_DOCUMENT:
          break;
        default:
          continue;
      }
      if (n != root && is_boilerplate(n, f.in_article)) continue;
      enter(n);
      stack.push_back({n, true, f.in_article});
      const bool child_in_article = f.in_article || tag_of(n) == GUMBO_TAG_ARTICLE || tag_of(n) == GUMBO_TAG_MAIN;
      if (const GumboVector* kids = children_of(n))
        for (unsigned i = kids->length; i-- > 0;)
          stack.push_back({static_cast<const GumboNode*>(kids->data[i]), false, child_in_article});
    }
    flush();
  }

 private:
  void enter(const GumboNode* n) {
    const GumboTag t = tag_of(n);
    if (t == GUMBO_TAG_BR) {
      buffer_ += '\n';
      space_ = newline_ = false;
      return;
    }
    if (t == GUMBO_TAG_TD || t == GUMBO_TAG_TH) {
      space_ = true;
      return;
    }
    if (heading_level(t)) {
      flush();
      ++heading_depth_;
      return;
    }
    if (t == GUMBO_TAG_PRE) {
      flush();
      ++pre_depth_;
      return;
    }
    if (is_block(t)) flush();
  }

  void leave(const GumboNode* n) {
    const GumboTag t = tag_of(n);
    if (heading_level(t)) {
      flush();
      --heading_depth_;
    } else if (t == GUMBO_TAG_PRE) {
      flush();
      --pre_depth_;
    } else if (t == GUMBO_TAG_TD || t == GUMBO_TAG_TH) {
      space_ = true;
    } else if (is_block(t)) {
      flush();
    }
  }

  void append_text(const char* text) {
    std::string repaired;
    const std::string_view s = valid_utf8(text, repaired);
    if (pre_depth_ > 0) {
      buffer_ += s;
      return;
    }
    for (std::size_t pos = 0; pos < s.size();) {
      const std::size_t at = pos;
      const char32_t c = next_code_point(s, pos);
      if (c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == 0xA0 || c == 0x3000) {
        if (c == 0x3000 && !buffer_.empty()) {  // an ideographic space is text
          buffer_ += s.substr(at, pos - at);
          space_ = newline_ = false;
          continue;
        }
        space_ = true;
        newline_ = newline_ || c == '\n' || c == '\r';
        continue;
      }
      if (space_ && !buffer_.empty() && buffer_.back() != '\n') {
        // A line break between two CJK characters is not a space (CSS
        // Text's segment break rule), so a wrapped phrase stays findable.
        if (!(newline_ && is_cjk(last_code_point(buffer_)) && is_cjk(c))) buffer_ += ' ';
      }
      space_ = newline_ = false;
      buffer_ += s.substr(at, pos - at);
    }
  }

  void flush() {
    std::string cleaned = trim_lines(buffer_);
    buffer_.clear();
    space_ = newline_ = false;
    if (cleaned.empty()) return;
    const bool heading = heading_depth_ > 0;
    if (heading) std::replace(cleaned.begin(), cleaned.end(), '\n', ' ');
    out_.push_back(TextBlock{heading, std::move(cleaned), std::nullopt});
  }

  std::vector<TextBlock>& out_;
  std::string buffer_;
  bool space_ = false, newline_ = false;
  int heading_depth_ = 0, pre_depth_ = 0;
};

// All text under `n`, whitespace collapsed (for <title> and the like).
std::string plain_text(const GumboNode* n) {
  std::vector<TextBlock> blocks;
  TextCollector(blocks).collect(n, true);
  std::string out;
  for (const auto& b : blocks) {
    if (!out.empty()) out += ' ';
    out += b.text;
  }
  std::replace(out.begin(), out.end(), '\n', ' ');
  return out;
}

std::string collapse(const char* s) {
  std::string repaired, out;
  bool space = false;
  for (const char c : valid_utf8(s, repaired)) {
    if (c == ' ' || c == '\t' || c == '\n' || c == '\r') {
      space = true;
      continue;
    }
    if (space && !out.empty()) out += ' ';
    space = false;
    out += c;
  }
  return out;
}

// What the first pass finds: metadata and where the main text is.
struct PageOutline {
  const GumboNode* html = nullptr;
  const GumboNode* body = nullptr;
  const GumboNode* title = nullptr;
  const GumboNode* first_h1 = nullptr;
  std::vector<const GumboNode*> mains, articles;
  std::string og_title, og_description, og_url;
};

void outline_page(const GumboNode* root, PageOutline& o, DocumentMeta& meta) {
  struct Frame {
    const GumboNode* node;
    int in_article;  // inside an article or main: nested ones are not roots
  };
  std::vector<Frame> stack{{root, 0}};
  while (!stack.empty()) {
    const auto [n, in_article] = stack.back();
    stack.pop_back();
    if (!is_element(n) && n->type != GUMBO_NODE_DOCUMENT) continue;
    int child_in_article = in_article;
    if (is_html(n)) {
      const char* role = attribute(n, "role");
      switch (n->v.element.tag) {
        case GUMBO_TAG_HTML:
          if (!o.html) o.html = n;
          break;
        case GUMBO_TAG_BODY:
          if (!o.body) o.body = n;
          break;
        case GUMBO_TAG_TITLE:
          if (!o.title) o.title = n;
          break;
        case GUMBO_TAG_H1:
          if (!o.first_h1) o.first_h1 = n;
          break;
        case GUMBO_TAG_MAIN:
          if (!in_article) o.mains.push_back(n);
          child_in_article = 1;
          break;
        case GUMBO_TAG_ARTICLE:
          if (!in_article) o.articles.push_back(n);
          child_in_article = 1;
          break;
        case GUMBO_TAG_META: {
          const std::string name = lowercase(attribute(n, "name") ? attribute(n, "name") : "");
          const std::string property = lowercase(attribute(n, "property") ? attribute(n, "property") : "");
          const char* content = attribute(n, "content");
          if (!content) break;
          if (name == "description" && meta.description.empty()) meta.description = collapse(content);
          else if (name == "author" && meta.author.empty()) meta.author = collapse(content);
          else if ((name == "date" || property == "article:published_time") && meta.date.empty())
            meta.date = std::string(text::utf8_prefix(collapse(content), 10));
          else if (property == "article:tag") meta.tags.push_back(collapse(content));
          else if (property == "og:title" && o.og_title.empty()) o.og_title = collapse(content);
          else if (property == "og:description" && o.og_description.empty()) o.og_description = collapse(content);
          else if (property == "og:url" && o.og_url.empty()) o.og_url = collapse(content);
          break;
        }
        case GUMBO_TAG_LINK:
          if (has_token(attribute(n, "rel"), "canonical") && meta.source.empty() && attribute(n, "href"))
            meta.source = collapse(attribute(n, "href"));
          break;
        default:
          if (has_token(role, "main") && !in_article) {
            o.mains.push_back(n);
            child_in_article = 1;
          }
          break;
      }
    }
    if (const GumboVector* kids = children_of(n))
      for (unsigned i = kids->length; i-- > 0;)
        stack.push_back({static_cast<const GumboNode*>(kids->data[i]), child_in_article});
  }
}

// An upper bound of how deep `html` nests elements, from its tags alone
// (void and implicitly closed elements do not count). Gumbo's tree
// building costs about tags x depth, so a page nesting 100,000 elements
// takes it half a minute; such a page is refused before parsing.
std::size_t estimated_depth(std::string_view html) {
  static constexpr std::string_view kNotNesting[] = {
      "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param", "source", "track",
      "wbr", "p", "li", "dt", "dd", "option", "tr", "td", "th", "!", "?"};
  std::size_t depth = 0, max_depth = 0;
  for (std::size_t at = html.find('<'); at != std::string_view::npos; at = html.find('<', at + 1)) {
    const bool closing = at + 1 < html.size() && html[at + 1] == '/';
    std::size_t name_begin = at + 1 + closing, name_end = name_begin;
    while (name_end < html.size() && name_end - name_begin < 16 &&
           (std::isalnum(static_cast<unsigned char>(html[name_end])) || html[name_end] == '!' ||
            html[name_end] == '?'))
      ++name_end;
    if (name_end == name_begin) continue;
    const std::string name = lowercase(html.substr(name_begin, name_end - name_begin));
    if (std::any_of(std::begin(kNotNesting), std::end(kNotNesting),
                    [&](std::string_view v) { return name == v || (v.size() == 1 && name[0] == v[0]); }))
      continue;
    if (closing) {
      depth -= depth > 0;
    } else {
      max_depth = std::max(max_depth, ++depth);
    }
  }
  return max_depth;
}

struct GumboOutputDeleter {
  void operator()(GumboOutput* o) const { gumbo_destroy_output(&kGumboDefaultOptions, o); }
};

}  // namespace

HtmlText parse_html(std::string_view utf8) {
  if (utf8.size() > kMaxHtmlBytes)
    throw InputError(fmt::format("HTML page is {:.1f} MB, more than the {} MB limit for HTML pages; not indexed",
                                 static_cast<double>(utf8.size()) / (1 << 20), kMaxHtmlBytes >> 20));
  if (const std::size_t depth = estimated_depth(utf8); depth > kMaxHtmlDepth)
    throw InputError(fmt::format("HTML nests elements {} deep, more than the {} limit; not indexed", depth,
                                 kMaxHtmlDepth));
  GumboOptions options = kGumboDefaultOptions;
  options.max_errors = 0;
  std::unique_ptr<GumboOutput, GumboOutputDeleter> output(
      gumbo_parse_with_options(&options, utf8.data(), utf8.size()));
  if (!output) throw InputError("the HTML parser failed on this page");

  HtmlText out;
  PageOutline outline;
  outline_page(output->document, outline, out.meta);
  if (outline.html)
    if (const char* lang = attribute(outline.html, "lang")) out.lang = collapse(lang);
  if (outline.title) out.meta.title = plain_text(outline.title);
  if (out.meta.title.empty()) out.meta.title = outline.og_title;
  if (out.meta.title.empty() && outline.first_h1) out.meta.title = plain_text(outline.first_h1);
  if (out.meta.description.empty()) out.meta.description = outline.og_description;
  if (out.meta.source.empty()) out.meta.source = outline.og_url;

  TextCollector collector(out.blocks);
  const std::vector<const GumboNode*>& roots = !outline.mains.empty() ? outline.mains : outline.articles;
  for (const GumboNode* root : roots) collector.collect(root, true);
  if (out.blocks.empty()) {
    if (!roots.empty()) out.blocks.clear();
    collector.collect(outline.body ? outline.body : output->root, false);
  }
  return out;
}

}  // namespace zh::ingest
