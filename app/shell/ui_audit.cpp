#include "app/shell/ui_audit.hpp"

#include <imgui.h>

#include <algorithm>
#include <cmath>
#include <map>
#include <unordered_map>

namespace gui {

namespace {

// A glyph as drawn: its code point, its screen rectangle and the clip rectangle of its draw command.
struct Glyph {
  unsigned cp = 0;
  ImVec2 a, b;   // the quad
  ImVec4 clip;   // x1, y1, x2, y2
  bool fineClipped = false;  // ImGui cut the quad itself at the clip rectangle (a clipped button or combo label)
  int run = -1;
};

struct UvKey {
  float u, v;
  bool operator==(const UvKey& o) const { return u == o.u && v == o.v; }
};
struct UvHash {
  size_t operator()(const UvKey& k) const { return std::hash<float>()(k.u) * 31 + std::hash<float>()(k.v); }
};
struct GlyphUv {
  unsigned cp;
  ImVec2 uv1;
};

void appendUtf8(std::string& s, unsigned cp) {
  if (cp < 0x80) s += char(cp);
  else if (cp < 0x800) s += char(0xC0 | (cp >> 6)), s += char(0x80 | (cp & 0x3F));
  else if (cp < 0x10000)
    s += char(0xE0 | (cp >> 12)), s += char(0x80 | ((cp >> 6) & 0x3F)), s += char(0x80 | (cp & 0x3F));
  else
    s += char(0xF0 | (cp >> 18)), s += char(0x80 | ((cp >> 12) & 0x3F)), s += char(0x80 | ((cp >> 6) & 0x3F)),
        s += char(0x80 | (cp & 0x3F));
}

// Every glyph of every font in the atlas, by the texture coordinate of its top-left corner.
std::unordered_map<UvKey, GlyphUv, UvHash> glyphIndex() {
  std::unordered_map<UvKey, GlyphUv, UvHash> index;
  for (const ImFont* f : ImGui::GetIO().Fonts->Fonts)
    for (const ImFontGlyph& g : f->Glyphs)
      if (g.Visible) index.emplace(UvKey{g.U0, g.V0}, GlyphUv{g.Codepoint, ImVec2(g.U1, g.V1)});
  return index;
}

// The glyph quads of one draw list, in the order they were drawn (RenderText writes each glyph as the six indices
// i, i+1, i+2, i, i+2, i+3 over four vertices whose texture coordinates are the glyph's).
std::vector<Glyph> glyphsOf(const ImDrawList& dl, const std::unordered_map<UvKey, GlyphUv, UvHash>& index,
                            ImTextureID fontTex) {
  std::vector<Glyph> out;
  for (const ImDrawCmd& cmd : dl.CmdBuffer) {
    if (cmd.UserCallback || cmd.TextureId != fontTex || cmd.ElemCount < 6) continue;
    const ImDrawIdx* idx = dl.IdxBuffer.Data + cmd.IdxOffset;
    const ImDrawVert* vtx = dl.VtxBuffer.Data + cmd.VtxOffset;
    for (unsigned k = 0; k + 6 <= cmd.ElemCount;) {
      const unsigned i0 = idx[k];
      const bool quad = idx[k + 1] == i0 + 1 && idx[k + 2] == i0 + 2 && idx[k + 3] == i0 && idx[k + 4] == i0 + 2 &&
                        idx[k + 5] == i0 + 3;
      if (!quad) {
        ++k;
        continue;
      }
      k += 6;
      const ImDrawVert& v0 = vtx[i0];
      const ImDrawVert& v2 = vtx[i0 + 2];
      const auto it = index.find(UvKey{v0.uv.x, v0.uv.y});
      if (it == index.end()) continue;
      Glyph g;
      g.cp = it->second.cp;
      g.a = v0.pos, g.b = v2.pos;
      g.clip = cmd.ClipRect;
      g.fineClipped = v2.uv.x != it->second.uv1.x;
      out.push_back(g);
    }
  }
  return out;
}

}  // namespace

void UiAudit::audit(const ImDrawData* data) {
  if (!data) return;
  ++frames_;
  const auto index = glyphIndex();
  const ImTextureID fontTex = ImGui::GetIO().Fonts->TexID;
  for (int n = 0; n < data->CmdListsCount; ++n) {
    const ImDrawList& dl = *data->CmdLists[n];
    const std::string window = dl._OwnerName ? dl._OwnerName : "?";
    std::vector<Glyph> gs = glyphsOf(dl, index, fontTex);
    if (gs.empty()) continue;
    // Runs: glyphs drawn one after the other on one baseline, left to right, without a gap wider than a few
    // characters. Their text is read back (spaces have no quad: a gap of a third of the height is one).
    std::vector<std::string> runs;
    for (size_t i = 0; i < gs.size(); ++i) {
      Glyph& g = gs[i];
      const float h = g.b.y - g.a.y;
      bool joins = false;
      float gap = 0;
      if (i > 0) {
        const Glyph& p = gs[i - 1];
        const float ph = p.b.y - p.a.y;
        gap = g.a.x - p.b.x;
        joins = std::abs((g.b.y) - (p.b.y)) < 0.35f * std::max(h, ph) + 1.f && g.a.x >= p.a.x - 1.f &&
                gap < 2.5f * std::max(h, ph);
      }
      if (!joins) runs.emplace_back();
      else if (gap > 0.3f * h) runs.back() += ' ';
      appendUtf8(runs.back(), g.cp);
      g.run = int(runs.size()) - 1;
    }
    auto add = [&](const char* kind, const Glyph& g) {
      findings_.insert({kind, window, runs[size_t(g.run)], g.a.x, g.a.y});
    };
    for (const Glyph& g : gs) {
      if (g.cp == 0xFFFD) add("missing", g);
      // Cut at the panel's side: the glyph straddles the clip rectangle (RenderText draws the glyph whose left edge is
      // inside whole and lets the scissor cut it), or ImGui cut the quad itself (a clipped label).
      const bool straddles = (g.a.x < g.clip.z && g.b.x > g.clip.z + 1.f) || (g.b.x > g.clip.x && g.a.x < g.clip.x - 1.f);
      const bool visibleRow = g.b.y > g.clip.y && g.a.y < g.clip.w;
      // (A tooltip sizes itself to its text one frame late when the text grows: not a cut a reader sees.)
      const bool tooltip = window.rfind("##Tooltip", 0) == 0;
      if (visibleRow && !tooltip && (straddles || g.fineClipped)) add("cut", g);
    }
    // Overlap: two glyphs of different runs covering each other (a third of the smaller one or more), both visible.
    std::map<std::pair<int, int>, std::vector<size_t>> cells;
    const float cell = 24.f;
    for (size_t i = 0; i < gs.size(); ++i) {
      const Glyph& g = gs[i];
      if (g.b.x <= g.clip.x || g.a.x >= g.clip.z || g.b.y <= g.clip.y || g.a.y >= g.clip.w) continue;
      for (int cy = int(std::floor(g.a.y / cell)); cy <= int(std::floor(g.b.y / cell)); ++cy)
        for (int cx = int(std::floor(g.a.x / cell)); cx <= int(std::floor(g.b.x / cell)); ++cx) cells[{cx, cy}].push_back(i);
    }
    std::set<std::pair<int, int>> reported;
    for (const auto& [key, list] : cells)
      for (size_t p = 0; p < list.size(); ++p)
        for (size_t q = p + 1; q < list.size(); ++q) {
          const Glyph& g = gs[list[p]];
          const Glyph& o = gs[list[q]];
          if (g.run == o.run) continue;
          const float w = std::min(g.b.x, o.b.x) - std::max(g.a.x, o.a.x);
          const float h = std::min(g.b.y, o.b.y) - std::max(g.a.y, o.a.y);
          if (w <= 0 || h <= 0) continue;
          const float area = std::min((g.b.x - g.a.x) * (g.b.y - g.a.y), (o.b.x - o.a.x) * (o.b.y - o.a.y));
          if (w * h < area / 3.f) continue;
          const auto pair = std::minmax(g.run, o.run);
          if (!reported.insert(pair).second) continue;
          findings_.insert({"overlap", window, runs[size_t(g.run)] + "  ×  " + runs[size_t(o.run)], g.a.x, g.a.y});
        }
  }
}

}  // namespace gui
