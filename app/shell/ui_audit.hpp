// What a reader would see wrong with a frame, found in the frame's draw data (--ui-audit FILE): every glyph ImGui drew
// is a textured quad whose texture coordinates name its glyph in the font atlas, so the audit can read the frame's
// text back and check, per window:
//   missing  a glyph the atlas lacks, drawn as the fallback glyph (U+FFFD);
//   cut      text that runs past its panel's edge: a glyph straddling the clip rectangle's side, with no "…";
//   overlap  two text items drawn over each other (glyphs of different runs that intersect).
// A test (tests/gui/ui_audit.sh) draws every lens on every env at two window sizes, 1× and classroom 2×, in English
// and 中文, and fails on any finding.
#pragma once
#include <set>
#include <tuple>
#include <string>
#include <vector>

struct ImDrawData;

namespace gui {

struct UiFinding {
  std::string kind;    // "missing", "cut", "overlap"
  std::string window;  // the ImGui window (panel) it was drawn in
  std::string text;    // the line of text it is in (read back from the glyphs)
  float x = 0, y = 0;  // where, in window pixels
  bool operator<(const UiFinding& o) const { return std::tie(kind, window, text) < std::tie(o.kind, o.window, o.text); }
};

class UiAudit {
 public:
  // Audits one rendered frame (call after ImGui::Render(); the font atlas must be built). Findings accumulate,
  // each distinct (kind, window, text) once.
  void audit(const ImDrawData* data);
  const std::set<UiFinding>& findings() const { return findings_; }
  int framesAudited() const { return frames_; }

 private:
  std::set<UiFinding> findings_;
  int frames_ = 0;
};

}  // namespace gui
