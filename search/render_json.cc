#include "search/render_json.h"

#include <cmath>

namespace zh::search {

nlohmann::json to_json(const SearchResponse& response) {
  nlohmann::json results = nlohmann::json::array();
  for (const Hit& hit : response.results) {
    const auto spans = [](const std::string& text, const std::vector<Span>& bytes) {
      nlohmann::json out = nlohmann::json::array();
      for (const Span& s : to_code_point_spans(text, bytes)) out.push_back({s.begin, s.end});
      return out;
    };
    nlohmann::json r = {
        {"rank", hit.rank},
        {"score", std::round(hit.score * 1000) / 1000},
        {"doc", hit.doc},
        {"title", hit.title},
        {"title_highlights", spans(hit.title, hit.title_highlights)},
        {"source", hit.source},
        {"heading", hit.heading},
        {"heading_highlights", spans(hit.heading, hit.heading_highlights)},
        {"passage", hit.passage},
        {"highlights", spans(hit.passage, hit.highlights)},
    };
    if (hit.start_time) r["start_time"] = *hit.start_time;
    if (!hit.explain.empty()) r["explain"] = hit.explain;
    results.push_back(std::move(r));
  }
  nlohmann::json out = {
      {"query", response.query},
      {"total", response.total},
      {"total_passages", response.total_passages},
      {"total_documents", response.total_documents},
      {"total_is_estimate", response.total_is_estimate},
      {"relaxed", response.relaxed},
      {"took_ms", std::round(response.took_ms * 1000) / 1000},
      {"results", std::move(results)},
  };
  // Only an explained search has these lines: other output stays as it was.
  if (!response.explain.empty()) out["explain"] = {{"plan", response.explain}};
  return out;
}

nlohmann::json to_json(const IndexStats& s) {
  return {
      {"documents", s.documents}, {"passages", s.passages},         {"terms", s.terms ? nlohmann::json(*s.terms) : nlohmann::json()},
      {"bytes_on_disk", s.bytes_on_disk}, {"last_update", s.last_update},
  };
}

}  // namespace zh::search
