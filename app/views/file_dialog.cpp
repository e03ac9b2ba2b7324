#include "app/views/file_dialog.hpp"

#include <imgui.h>

#include <algorithm>
#include <cstring>
#include <filesystem>

namespace gui {

namespace fs = std::filesystem;

void openFileDialog(FileDialog& d, FileDialog::Mode mode, std::string title, int purpose, std::string ext,
                    std::string dir, std::string suggestedName, std::vector<std::string> recent) {
  d.mode = mode;
  d.title = std::move(title);
  d.purpose = purpose;
  d.ext = std::move(ext);
  std::error_code ec;
  d.dir = fs::is_directory(dir, ec) ? std::move(dir) : fs::current_path(ec).string();
  d.name.fill(0);
  d.selected.clear();
  std::strncpy(d.name.data(), suggestedName.c_str(), d.name.size() - 1);
  d.recent = std::move(recent);
  d.requested = true;
  d.error.clear();
  d.listed.clear();  // list the folder afresh: files may have appeared since the dialog was last open
}

namespace {

void listFolder(FileDialog& d) {
  d.dirs.clear(), d.files.clear();
  std::error_code ec;
  for (fs::directory_iterator it(d.dir, fs::directory_options::skip_permission_denied, ec), end; !ec && it != end;
       it.increment(ec)) {
    const std::string n = it->path().filename().string();
    if (n.empty() || n[0] == '.') continue;
    std::error_code e2;
    if (it->is_directory(e2)) d.dirs.push_back(n);
    else if (it->path().extension() == d.ext) d.files.push_back(n);
  }
  d.error = ec ? "cannot list " + d.dir + ": " + ec.message() : "";
  std::sort(d.dirs.begin(), d.dirs.end());
  std::sort(d.files.begin(), d.files.end());
  d.listed = d.dir;
}

}  // namespace

std::string drawFileDialog(FileDialog& d, UiState& ui) {
  if (d.requested) {
    ImGui::OpenPopup("##file_dialog");
    d.requested = false;
  }
  const ImVec2 W = ImGui::GetIO().DisplaySize;
  const float em = ImGui::GetFontSize();
  ImGui::SetNextWindowSize(ImVec2(std::min(W.x * 0.8f, em * 46.f), std::min(W.y * 0.8f, em * 34.f)), ImGuiCond_Always);
  ImGui::SetNextWindowPos(ImVec2(W.x * 0.5f, W.y * 0.5f), ImGuiCond_Always, ImVec2(0.5f, 0.5f));
  if (!ImGui::BeginPopupModal("##file_dialog", nullptr, ImGuiWindowFlags_NoResize | ImGuiWindowFlags_NoMove |
                                                         ImGuiWindowFlags_NoTitleBar))
    return {};
  std::string chosen;
  ImGui::TextUnformatted(d.title.c_str());
  ImGui::Separator();
  if (ImGui::Button("↑ Up")) {
    const fs::path parent = fs::path(d.dir).parent_path();
    if (!parent.empty()) d.dir = parent.string();
  }
  recordItem(ui, "file_up");
  ImGui::SameLine();
  ImGui::TextDisabled("%s", d.dir.c_str());

  // Recent files first (Open only), then the folder: sub-folders and files with the extension, sorted by name.
  const float footer = ImGui::GetFrameHeightWithSpacing() * (d.mode == FileDialog::Mode::Save ? 2.2f : 1.2f);
  ImGui::BeginChild("##files", ImVec2(0, -footer), true);
  if (d.mode == FileDialog::Mode::Open && !d.recent.empty()) {
    ImGui::TextDisabled("Recent");
    for (size_t i = 0; i < d.recent.size(); ++i) {
      ImGui::PushID(int(i) + 100000);
      if (ImGui::Selectable(d.recent[i].c_str(), d.selected == d.recent[i],
                            ImGuiSelectableFlags_AllowDoubleClick | ImGuiSelectableFlags_DontClosePopups)) {
        d.selected = d.recent[i];
        if (ImGui::IsMouseDoubleClicked(0)) chosen = d.selected;
      }
      recordItem(ui, "file_recent_" + std::to_string(i));
      ImGui::PopID();
    }
    ImGui::Separator();
  }
  if (d.listed != d.dir) listFolder(d);
  for (const std::string& n : d.dirs) {
    const std::string label = "▸ " + n + "/";
    if (ImGui::Selectable(label.c_str(), false, ImGuiSelectableFlags_DontClosePopups))
      d.dir = (fs::path(d.dir) / n).string();
  }
  for (const std::string& n : d.files) {
    const std::string path = (fs::path(d.dir) / n).string();
    const bool isSelected = d.mode == FileDialog::Mode::Open ? d.selected == path : n == d.name.data();
    const bool picked = ImGui::Selectable(n.c_str(), isSelected, ImGuiSelectableFlags_AllowDoubleClick |
                                                                   ImGuiSelectableFlags_DontClosePopups);
    recordItem(ui, "file_item_" + n);
    if (picked) {  // one click selects; a double-click (or Open) confirms — a stray click never loads a file
      std::strncpy(d.name.data(), n.c_str(), d.name.size() - 1);
      d.selected = path;
      if (ImGui::IsMouseDoubleClicked(0)) chosen = path;
    }
  }
  if (d.dirs.empty() && d.files.empty()) ImGui::TextDisabled("(no %s files here)", d.ext.c_str());
  if (!d.error.empty()) ImGui::TextColored(ImVec4(1.f, 0.45f, 0.4f, 1.f), "%s", d.error.c_str());
  ImGui::EndChild();

  if (d.mode == FileDialog::Mode::Save) {
    ImGui::SetNextItemWidth(-1);
    const bool enter = ImGui::InputText("##file_name", d.name.data(), d.name.size(), ImGuiInputTextFlags_EnterReturnsTrue);
    recordItem(ui, "file_name");
    std::string n = d.name.data();
    if (enter && !n.empty()) chosen = (fs::path(d.dir) / n).string();
  }
  const bool save = d.mode == FileDialog::Mode::Save;
  ImGui::BeginDisabled(save ? d.name[0] == 0 : d.selected.empty());
  const bool confirm = ImGui::Button(save ? "Save" : "Open", ImVec2(em * 6, 0)) ||
                       (!save && !d.selected.empty() && ImGui::IsKeyPressed(ImGui::GetKeyIndex(ImGuiKey_Enter)));
  if (confirm) chosen = save ? (fs::path(d.dir) / d.name.data()).string() : d.selected;
  ImGui::EndDisabled();
  recordItem(ui, "file_ok");
  ImGui::SameLine();
  if (ImGui::Button("Cancel", ImVec2(em * 6, 0)) || ImGui::IsKeyPressed(ImGui::GetKeyIndex(ImGuiKey_Escape)))
    ImGui::CloseCurrentPopup();
  recordItem(ui, "file_cancel");
  // Saving: the extension is added when the name has none.
  if (!chosen.empty() && d.mode == FileDialog::Mode::Save && fs::path(chosen).extension() != d.ext) chosen += d.ext;
  if (!chosen.empty()) ImGui::CloseCurrentPopup();
  ImGui::EndPopup();
  return chosen;
}

}  // namespace gui
