#include "web/document_page.h"

#include "search/timestamp_link.h"
#include "web/html.h"
#include "web/passage_links.h"
#include "web/search_page.h"

namespace zh::web {
namespace {

void back_link(std::string& out, const std::string& query) {
  out += "<nav class=\"back\"><a href=\"" + escape_html(query.empty() ? "/" : "/?q=" + url_encode(query)) + "\">" +
         (query.empty() ? "← 搜索" : "← 返回搜索结果") + "</a></nav>\n";
}

void metadata(std::string& out, const search::DocumentView& d) {
  out += "<div class=\"info\"><span class=\"doc\">" + escape_html(d.key) + "</span>";
  if (!d.date.empty()) out += "<time>" + escape_html(d.date) + "</time>";
  if (!d.author.empty()) out += "<span class=\"author\">" + escape_html(d.author) + "</span>";
  for (const auto& tag : d.tags) out += "<span class=\"tag\">" + escape_html(tag) + "</span>";
  if (is_web_url(d.source))
    out += "<a class=\"source\" href=\"" + escape_html(d.source) + "\" rel=\"noopener noreferrer\">" +
           escape_html(host_of(d.source)) + " ↗</a>";
  out += "</div>\n";
}

void passage(std::string& out, const search::DocumentView& d, const search::DocumentPassage& p) {
  const std::string anchor = passage_anchor(p.ordinal);
  out += "<section class=\"doc-passage\" id=\"" + anchor + "\">\n";
  if (p.start_time) {
    // The cue's moment: in the video when the source is a web URL, else this passage.
    const std::string link = passage_link(d.source, p.start_time, p.text);
    const std::string href = link.empty() ? "#" + anchor : link;
    out += "<a class=\"time\" href=\"" + escape_html(href) + "\"" +
           (link.empty() ? "" : " rel=\"noopener noreferrer\"") + ">▶ " + search::clock_time(*p.start_time) + "</a>";
  }
  out += "<p class=\"passage\">" + highlighted_html(p.text, p.highlights) + "</p>\n";
  out += "<a class=\"pilcrow\" href=\"#" + anchor + "\" aria-label=\"链接到这一段\">¶</a>\n</section>\n";
}

void document_body(std::string& out, const DocumentPageView& view) {
  const search::DocumentView& d = *view.document;
  back_link(out, view.query);
  out += "<article class=\"document\">\n<h1 class=\"doc-title\">" + escape_html(d.title.empty() ? d.key : d.title) +
         "</h1>\n";
  metadata(out, d);
  std::size_t marks = 0;
  for (const auto& p : d.passages) marks += p.highlights.size();
  if (!view.query.empty())
    out += "<p class=\"stats\">" +
           (marks ? "<q>" + escape_html(view.query) + "</q> 在本文出现 <strong>" + std::to_string(marks) + "</strong> 处"
                  : "本文没有 <q>" + escape_html(view.query) + "</q>") +
           "</p>\n";
  const std::string* heading = nullptr;
  for (const auto& p : d.passages) {
    if (!p.heading.empty() && (!heading || *heading != p.heading))
      out += "<h2 class=\"doc-heading\">" + highlighted_html(p.heading, p.heading_highlights) + "</h2>\n";
    heading = &p.heading;
    passage(out, d, p);
  }
  out += "</article>\n";
}

}  // namespace

std::string render_document_page(const DocumentPageView& view) {
  std::string out;
  const search::DocumentView* d = view.document;
  const std::string title = view.error || !d ? "文档 - zhsearch" : (d->title.empty() ? d->key : d->title) + " - zhsearch";
  out.reserve(d ? 4096 + 2 * d->passages.size() * 256 : 4096);
  render_page_top(out, title, view.query, nullptr);
  out += "<main id=\"doc\" class=\"doc-view\">\n";
  if (view.error || !d) {
    back_link(out, view.query);
    const std::string message = view.error ? view.error->message : "no document";
    out += "<p class=\"notice error\" role=\"status\"><strong>无法打开文档：</strong>" + escape_html(message) + "</p>\n";
  } else {
    document_body(out, view);
  }
  out += "</main>\n";
  render_page_footer(out);
  return out;
}

}  // namespace zh::web
