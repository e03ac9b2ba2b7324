// The File menu: session files (open, replay card, save), saved agents, recent files (shell.hpp).
#include "app/shell/shell.hpp"

#include <algorithm>
#include <cstdio>
#include <ctime>
#include <filesystem>

#include "app/views/lenses.hpp"
#include "app/views/status_text.hpp"
#include "runs/files.hpp"

namespace gui {

void App::openSessionFile(const std::string& path, const rl::runs::SessionFile* read) {
  std::optional<rl::runs::SessionFile> own;
  if (!read) own = rl::runs::readSessionFile(path);
  const rl::runs::SessionFile& sf = read ? *read : *own;
  // With a checkpoint the run is restored at its step at once; a damaged one throws here, the running session as it
  // was. Without one, the log replays on the worker behind a progress card (the window keeps drawing; Cancel).
  std::unique_ptr<rl::Trainer> restored;
  if (!sf.checkpoint.empty()) restored = rl::runs::openSessionTrainer(sf, path, false);
  ui_.seed = int(sf.run.seed);
  opt_.paused = true;
  if (!startSession(sf.run.env, sf.run.algo, sf.run.seed, sf.run.sets, false, std::move(restored)))
    throw std::runtime_error(path + ": its run could not start");
  agentLoadedAt_ = sf.agentLoadedAt;
  if (!sf.checkpoint.empty()) session_->adoptLog(sf.commands);
  else if (sf.steps > 0) session_->replayAsync(sf.commands, sf.steps), replayStarted_ = now();
  if (sf.view.contains("lens") && sf.view["lens"].is_string() && findLens(sf.view["lens"].get<std::string>()))
    ui_.lens = sf.view["lens"].get<std::string>();
  if (sf.view.contains("classroom")) {
    classroomFromJson(sf.view["classroom"], ui_.classroom);
    classroomOptions();
  }
  sessionPath_ = path;
  ui_.lesson.id.clear();
  snap_ = session_->snapshot();
  rememberRecent(path);
  ui_.say(sf.checkpoint.empty() && sf.steps > 0
              ? "opened " + path + ": replaying its log to step " + groupDigits(sf.steps)
              : "opened " + path + " at step " + std::to_string(sf.steps) + " (paused)",
          false, now());
}

void App::replayCard() {
  const rl::Snapshot& s = *snap_;
  if (s.replayTo == 0) return;
  ImGui::OpenPopup("Opening the session");
  const ImVec2 size(std::min(px(560.f), ImGui::GetIO().DisplaySize.x * 0.9f), 0.f);
  ImGui::SetNextWindowSize(size);
  ImGui::SetNextWindowPos(ImVec2(ImGui::GetIO().DisplaySize.x * 0.5f, ImGui::GetIO().DisplaySize.y * 0.4f),
                          ImGuiCond_Always, ImVec2(0.5f, 0.5f));
  if (!ImGui::BeginPopupModal("Opening the session", nullptr, ImGuiWindowFlags_NoResize | ImGuiWindowFlags_NoMove))
    return;
  const double frac = double(s.lifetimeSteps) / double(s.replayTo);
  ImGui::TextWrapped("This session file holds its command log only: the run is replayed to the step it was saved "
                     "at.");
  char label[64];
  std::snprintf(label, sizeof label, "%s / %s", groupDigits(s.lifetimeSteps).c_str(), groupDigits(s.replayTo).c_str());
  ImGui::ProgressBar(float(frac), ImVec2(-1.f, 0.f), label);
  recordItem(ui_, "replay_progress");
  const double elapsed = now() - replayStarted_;
  if (s.envStepsPerSec > 0 && s.lifetimeSteps > 0) {
    const double left = double(s.replayTo - std::min(s.replayTo, s.lifetimeSteps)) / s.envStepsPerSec;
    if (left < 90) ImGui::Text("%.0f s so far, about %.0f s left (%s steps/s)", elapsed, left,
                               groupDigits(uint64_t(s.envStepsPerSec)).c_str());
    else ImGui::Text("%.0f s so far, about %.0f min left (%s steps/s)", elapsed, left / 60,
                     groupDigits(uint64_t(s.envStepsPerSec)).c_str());
  } else {
    ImGui::TextDisabled("measuring the speed…");
  }
  ImGui::PushStyleColor(ImGuiCol_Text, ImGui::GetStyle().Colors[ImGuiCol_TextDisabled]);
  ImGui::TextWrapped("Save the session once it is open: the file then carries a checkpoint and opens at once.");
  ImGui::PopStyleColor();
  if (ImGui::Button("Cancel")) session_->cancelReplay();
  recordItem(ui_, "replay_cancel");
  ImGui::EndPopup();
}

void App::rememberRecent(const std::string& path) {
  std::error_code ec;
  const std::string abs = std::filesystem::absolute(path, ec).lexically_normal().string();
  auto& r = ui_.recentFiles;
  r.erase(std::remove(r.begin(), r.end(), abs), r.end());
  r.insert(r.begin(), abs);
  if (r.size() > 8) r.resize(8);
}

void App::fileMenu() {
  if (ImGui::Button("File")) ImGui::OpenPopup("##file_menu");
  recordItem(ui_, "file_menu");
  if (!ImGui::BeginPopup("##file_menu")) return;
  const std::string startDir =
      sessionPath_.empty() ? platform::documentsDir() : std::filesystem::path(sessionPath_).parent_path().string();
  if (ImGui::MenuItem("Open session…", "Ctrl+O"))
    openFileDialog(fileDialog_, FileDialog::Mode::Open, "Open a session file (.rllens)", int(FilePurpose::OpenSession), ".rllens",
                   startDir, {}, ui_.recentFiles);
  recordItem(ui_, "menu_open_session");
  if (platform::uploadsFiles() && ImGui::MenuItem("Open a session from this computer…"))
    platform::requestUpload(int(FilePurpose::OpenSession), ".rllens");
  if (ImGui::MenuItem("Save session", "Ctrl+S")) saveSession(sessionPath_);
  recordItem(ui_, "menu_save_session");
  if (ImGui::MenuItem("Save session as…"))
    openFileDialog(fileDialog_, FileDialog::Mode::Save, "Save the session as", int(FilePurpose::SaveSession), ".rllens", startDir,
                   runSpec_.env + "-" + runSpec_.algo + ".rllens");
  recordItem(ui_, "menu_save_session_as");
  if (ImGui::BeginMenu("Recent sessions", !ui_.recentFiles.empty())) {
    for (size_t i = 0; i < ui_.recentFiles.size(); ++i) {
      if (ImGui::MenuItem(ui_.recentFiles[i].c_str())) pendingFile_ = {FilePurpose::OpenSession, ui_.recentFiles[i]};
      recordItem(ui_, "menu_recent_" + std::to_string(i));
    }
    ImGui::EndMenu();
  }
  recordItem(ui_, "menu_recent");
  ImGui::Separator();
  if (ImGui::MenuItem("Save agent…"))
    openFileDialog(fileDialog_, FileDialog::Mode::Save, "Save the trained agent as", int(FilePurpose::SaveAgent), ".agent",
                   platform::documentsDir(), runSpec_.env + "-" + runSpec_.algo + ".agent");
  recordItem(ui_, "menu_save_agent");
  if (ImGui::MenuItem("Load agent…"))
    openFileDialog(fileDialog_, FileDialog::Mode::Open, "Load a saved agent (.agent) into this run", int(FilePurpose::LoadAgent),
                   ".agent", platform::documentsDir());
  recordItem(ui_, "menu_load_agent");
  if (platform::uploadsFiles() && ImGui::MenuItem("Load an agent from this computer…"))
    platform::requestUpload(int(FilePurpose::LoadAgent), ".agent");
  ImGui::EndPopup();
}

void App::fileDialogResult(FilePurpose purpose, const std::string& path) {
  // The agent's file is read and written on the worker, between two steps; its error comes back here.
  auto onTrainer = [&](const std::function<void(rl::Trainer&)>& fn) {
    std::string error;
    session_->withTrainer([&](rl::Trainer& t) {
      try {
        fn(t);
      } catch (const std::exception& e) {
        error = e.what();
      }
    });
    if (!error.empty()) throw std::runtime_error(error);
  };
  try {
    if (purpose == FilePurpose::OpenSession) {
      openSessionFile(path);
    } else if (purpose == FilePurpose::SaveSession) {
      saveSession(path);
    } else if (purpose == FilePurpose::SaveAgent) {
      onTrainer([&](rl::Trainer& t) { rl::runs::saveAgent(t, path); });
      platform::offerFile(path);
      ui_.say("saved the agent to " + path, false, now());
    } else if (purpose == FilePurpose::LoadAgent) {
      onTrainer([&](rl::Trainer& t) {
        rl::runs::loadAgent(t, path);
        agentLoadedAt_ = int64_t(t.lifetimeSteps());  // the session's checkpoint now carries it; its log cannot
      });
      ui_.say("loaded the agent from " + path, false, now());
    }
  } catch (const std::exception& e) {
    ui_.say(e.what(), true, now());  // refused: the run is as it was
  }
}

void App::saveSession(std::string path) {
  if (!session_) return;
  if (path.empty()) {
    const std::filesystem::path dir = platform::documentsDir();
    char stamp[32];
    const std::time_t t = std::time(nullptr);
    std::strftime(stamp, sizeof stamp, "%Y%m%d-%H%M%S", std::localtime(&t));
    path = (dir / (runSpec_.env + "-" + runSpec_.algo + "-" + stamp + ".rllens")).string();
  }
  rl::runs::SessionFile sf;
  sf.run = runSpec_;
  // The log, the step count and the checkpoint read together on the worker, between two steps.
  std::string why;
  session_->withTrainer([&](rl::Trainer& t) {
    sf.steps = t.lifetimeSteps();
    why = rl::runs::takeCheckpoint(t, sf);
  });
  sf.agentLoadedAt = agentLoadedAt_;
  sf.commands = session_->commandLog();
  sf.view = {{"lens", ui_.lens}, {"speed", ui_.speed}, {"unlimited", ui_.unlimited},
             {"classroom", classroomToJson(ui_.classroom)}};
  try {
    rl::runs::writeSessionFile(path, sf);
    sessionPath_ = path;
    rememberRecent(path);
    platform::offerFile(path);
    ui_.say("saved the session to " + path + (why.empty() ? "" : " (its command log only: " + why + ")"), false,
            now());
  } catch (const std::exception& e) {
    ui_.say(e.what(), true, now());
  }
}

}  // namespace gui
