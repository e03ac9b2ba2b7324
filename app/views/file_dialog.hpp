// A small in-app file dialog (ImGui; no toolkit dependency): a folder listing filtered by extension, Up, a name field
// for saving, and the recent files. Used for session files (.rllens) and saved agents (.agent).
#pragma once
#include <array>
#include <string>
#include <vector>

#include "app/views/ui_state.hpp"

namespace gui {

struct FileDialog {
  enum class Mode { Open, Save };
  Mode mode = Mode::Open;
  std::string title;                 // "Open a session"
  int purpose = 0;                   // what the caller does with the pick (its own enum; opaque to the dialog)
  std::string ext;                   // ".rllens"
  std::string dir;                   // the folder listed
  std::array<char, 256> name{};      // Save: the file name typed
  std::string selected;              // Open: the file clicked once (a full path); Open or a double-click confirms
  std::vector<std::string> recent;   // shown above the listing (Open), newest first
  bool requested = false;            // open the popup this frame
  std::string error;                 // the folder could not be listed
  // The listing of `listed` (sub-folders, then files with the extension, by name): read once per folder, not every
  // frame the dialog is open.
  std::string listed;
  std::vector<std::string> dirs, files;
};

// Opens the dialog on the next frame.
void openFileDialog(FileDialog& d, FileDialog::Mode mode, std::string title, int purpose, std::string ext,
                    std::string dir, std::string suggestedName = {}, std::vector<std::string> recent = {});
// Draws it (call every frame). Returns the chosen path once, when the user confirms (a click selects; Open, Enter
// or a double-click confirms); empty otherwise.
std::string drawFileDialog(FileDialog& d, UiState& ui);

}  // namespace gui
