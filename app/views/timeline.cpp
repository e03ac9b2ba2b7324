// [SECTION] The timeline under the viewport: a slim scrubber over the replay ring (app/record/replay_ring.hpp) with episode
// ticks, the frame read-out written on the track, a "Live" button to return, and the export menu (GIF, MP4).
// Dragging the track shows a recorded frame in the viewport; training goes on (or stays paused) meanwhile.
#include <algorithm>
#include <cmath>
#include <cstdio>

#include "app/ui/fonts.hpp"
#include "app/record/video_writers.hpp"
#include "app/platform/gl_util.hpp"
#include "app/platform/platform.hpp"
#include "app/views/replay_export.hpp"
#include "app/ui/theme.hpp"

namespace gui {

namespace {

void exportMenu(const ReplayRing& ring, TimelineState& t, UiState& ui) {
  if (!ImGui::BeginPopup("##export")) return;
  ImGui::TextUnformatted("Export the viewport's recorded frames");
  ImGui::TextDisabled(t.scrubbing ? "the frames up to the one shown" : "the newest frames");
  ImGui::SetNextItemWidth(px(160.f));
  ImGui::SliderInt("frames", &t.exportFrames, 1, std::max<int>(2, int(ring.size())), "%d", ImGuiSliderFlags_AlwaysClamp);
  ImGui::SetNextItemWidth(px(160.f));
  if (ImGui::InputInt("width (px)", &t.exportWidth, 100)) t.exportWidth = std::clamp(t.exportWidth, 64, 4096);
  ImGui::SetNextItemWidth(px(160.f));
  if (ImGui::InputInt("episodes kept", &ui.replayEpisodes, 1)) ui.replayEpisodes = std::clamp(ui.replayEpisodes, 0, 100);
  ImGui::SameLine();
  helpMarker("How many of the last episodes the timeline keeps (0: no recording). At least the last 300 frames are "
             "kept however short the episodes, and never more than 256 MB. Frames come from the ~30 snapshots a "
             "second the training thread publishes: at high speed they are many steps apart.");
  const bool empty = ring.empty();
  if (empty) ImGui::BeginDisabled();
  if (ImGui::Button("Save GIF")) t.exportAsked = TimelineState::Export::Gif, ImGui::CloseCurrentPopup();
  recordItem(ui, "export_gif");
  ImGui::SameLine();
  const bool noFfmpeg = !ffmpegAvailable();
  if (noFfmpeg && !empty) ImGui::BeginDisabled();
  if (ImGui::Button("Save MP4")) t.exportAsked = TimelineState::Export::Mp4, ImGui::CloseCurrentPopup();
  if (noFfmpeg && !empty) ImGui::EndDisabled();
  if (empty) ImGui::EndDisabled();
  recordItem(ui, "export_mp4");
  if (noFfmpeg && ImGui::IsItemHovered(ImGuiHoveredFlags_AllowWhenDisabled)) ImGui::SetTooltip("%s", kFfmpegHint);
  ImGui::TextDisabled("Saved to %s", platform::screenshotDir().c_str());
  ImGui::EndPopup();
}

// The track: frames left to right, a tick where an episode begins, the shown frame as a handle.
void track(const ReplayRing& ring, TimelineState& t, UiState& ui, ImVec2 size) {
  const ImVec2 a = ImGui::GetCursorScreenPos(), b(a.x + size.x, a.y + size.y);
  ImGui::InvisibleButton("##timeline", size);
  recordItem(ui, "timeline");
  const size_t n = ring.size();
  ImDrawList* dl = ImGui::GetWindowDrawList();
  dl->AddRectFilled(a, b, figureBg(), px(3.f));
  auto xOf = [&](size_t i) { return a.x + (float(i) + 0.5f) / float(std::max<size_t>(n, 1)) * size.x; };
  if (n > 0 && ImGui::IsItemActive() && ImGui::IsMouseDown(ImGuiMouseButton_Left)) {
    const float f = (ImGui::GetMousePos().x - a.x) / std::max(1.f, size.x);
    const size_t i = size_t(std::clamp(f * float(n), 0.f, float(n - 1)));
    t.scrubbing = true;
    t.frameId = ring[i].id;
  }
  const size_t shown = t.scrubbing ? ring.indexOf(t.frameId) : (n ? n - 1 : 0);
  char text[128];
  if (n == 0) {
    std::snprintf(text, sizeof text, "%s", ring.limits().maxEpisodes > 0 ? "recording…" : "recording off");
  } else {
    const float hx = t.scrubbing ? xOf(shown) : b.x - px(1.5f);  // live: the handle at the very end
    const bool light = lightTheme();  // the fill stays behind the text: pale under dark ink, dark under light
    const ImU32 fill = t.scrubbing ? (light ? IM_COL32(176, 204, 240, 255) : IM_COL32(52, 86, 130, 255))
                                   : (light ? IM_COL32(176, 226, 190, 255) : IM_COL32(40, 92, 64, 255));
    dl->AddRectFilled(a, ImVec2(hx, b.y), fill, px(3.f));
    float lastTick = -1e9f;
    for (size_t i = 1; i < n; ++i)
      if (ring[i].episode != ring[i - 1].episode) {
        const float x = std::floor(a.x + float(i) / float(n) * size.x);
        if (x - lastTick < px(2.f)) continue;  // at most one tick every two pixels
        dl->AddLine(ImVec2(x, b.y - size.y * 0.45f), ImVec2(x, b.y), ink(IM_COL32(150, 160, 180, 200)));
        lastTick = x;
      }
    dl->AddRectFilled(ImVec2(hx - px(1.5f), a.y), ImVec2(hx + px(1.5f), b.y), ink(IM_COL32(240, 240, 245, 255)));
    const ReplayFrame& f = ring[shown];
    if (t.exportProgress >= 0)
      std::snprintf(text, sizeof text, "exporting… %d%%", int(t.exportProgress * 100.f));
    else if (t.scrubbing)
      std::snprintf(text, sizeof text, "frame %zu / %zu · episode %llu · step %llu", shown + 1, n,
                    (unsigned long long)f.episode + 1, (unsigned long long)f.envStep);  // as the status bar counts
    else
      std::snprintf(text, sizeof text, "live · %zu episode%s · %zu frame%s", ring.episodes(),
                    ring.episodes() == 1 ? "" : "s", n, n == 1 ? "" : "s");
    if (ImGui::CalcTextSize(text).x > size.x - px(8.f) && t.exportProgress < 0) {  // a narrow panel: the gist
      if (t.scrubbing) std::snprintf(text, sizeof text, "%zu / %zu", shown + 1, n);
      else std::snprintf(text, sizeof text, "live");
    }
  }
  if (ImGui::CalcTextSize(text).x > size.x - px(8.f)) text[0] = 0;  // never a clipped word: the track alone
  const ImVec2 ts = ImGui::CalcTextSize(text);
  dl->PushClipRect(a, b, true);
  dl->AddText(ImVec2(std::max(a.x + px(4.f), a.x + (size.x - ts.x) * 0.5f), a.y + (size.y - ts.y) * 0.5f),
              ink(IM_COL32(225, 230, 238, 255)), text);
  dl->PopClipRect();
  if (ImGui::IsItemHovered() && !ImGui::IsItemActive())
    ImGui::SetTooltip("Drag to scrub back through the last episodes (training goes on).\n"
                      ", and . step one frame back and forward; Live returns to the running agent.");
}

}  // namespace

void ReplayController::draw(const rl::Snapshot& live, UiState& ui, ViewportRenderer& r, ImVec2 avail) {
  if (ui.replayEpisodes != ring.limits().maxEpisodes) setEpisodes(ui.replayEpisodes, ring.limits().minFrames);
  if (timeline.scrubbing && ring.empty()) timeline.live();
  const float rowH = ImGui::GetFrameHeight(), gap = ImGui::GetStyle().ItemSpacing.y;
  const rl::Snapshot& shown = timeline.scrubbing ? *ring[ring.indexOf(timeline.frameId)].snap : live;
  drawEnvViewport(shown, ui, r, ImVec2(avail.x, std::max(1.f, avail.y - rowH - gap)));
  // The timeline row at the panel's bottom, as wide as the panel.
  ImGui::SetCursorScreenPos(ImVec2(ImGui::GetWindowPos().x + ImGui::GetStyle().WindowPadding.x,
                                   ImGui::GetWindowPos().y + ImGui::GetWindowSize().y - ImGui::GetStyle().WindowPadding.y - rowH));
  const bool isLive = !timeline.scrubbing;
  if (isLive) ImGui::PushStyleColor(ImGuiCol_Button, ImVec4(0.16f, 0.42f, 0.26f, 1.f));
  // A narrow panel (classroom scale) keeps the track wide enough to drag: the live button shrinks to its dot.
  const bool narrow = avail.x < px(420.f);
  if (ImGui::Button(isLive ? (narrow ? "●" : "● Live") : "Live")) timeline.live();
  if (isLive) ImGui::PopStyleColor();
  recordItem(ui, "timeline_live");
  if (ImGui::IsItemHovered()) ImGui::SetTooltip(isLive ? "Showing the running agent" : "Back to the running agent");
  ImGui::SameLine();
  const char* exportLabel = narrow ? "…##export" : "Export…";
  const float exportW = ImGui::CalcTextSize(exportLabel, nullptr, true).x + 2 * ImGui::GetStyle().FramePadding.x;
  const float trackW = ImGui::GetContentRegionAvail().x - exportW - ImGui::GetStyle().ItemSpacing.x;
  track(ring, timeline, ui, ImVec2(std::max(px(20.f), trackW), rowH));
  if (timeline.scrubbing) recordItem(ui, "timeline_scrubbed");  // present in the ui map only while scrubbing
  ImGui::SameLine();
  if (exporting()) ImGui::BeginDisabled();
  if (ImGui::Button(exportLabel)) ImGui::OpenPopup("##export");
  if (exporting()) ImGui::EndDisabled();
  recordItem(ui, "timeline_export");
  if (ImGui::IsItemHovered()) ImGui::SetTooltip("Save the recorded frames as an animated GIF or an MP4");
  exportMenu(ring, timeline, ui);
}

}  // namespace gui
