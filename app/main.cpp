// rllens — one binary: the GUI by default; `list`, `train` and `bench` are headless and never touch GLFW or X.
#include <CLI/CLI.hpp>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <tuple>
#include <iostream>

#include "app/cli/headless.hpp"
#include "app/cli/lesson_commands.hpp"
#include "runs/bench.hpp"
#include "runs/files.hpp"
#include "runs/session_file.hpp"
#include "app/cli/rollout.hpp"
#include "app/shell/app.hpp"
#include "app/record/video_writers.hpp"
#include "app/views/lenses.hpp"
#include "core/text.hpp"

namespace {

// --seed takes exactly an integer from 0 to 2^64 − 1: "-1", "2^64" and 23 digits are refused, not wrapped.
void addSeedOption(CLI::App& cmd, uint64_t& seed, const char* help) {
  cmd.add_option_function<std::string>(
      "--seed",
      [&seed](const std::string& s) {
        unsigned long long v = 0;
        if (!rl::parseUnsigned(s, v))
          throw CLI::ValidationError("--seed", "expected an integer from 0 to 18446744073709551615, got '" +
                                                   rl::quoteInput(s) + "'");
        seed = v;
      },
      help);
}

void addRunOptions(CLI::App& cmd, rl::runs::RunSpec& run) {
  cmd.add_option("--env", run.env, "environment id (see `rllens list`)");
  cmd.add_option("--algo", run.algo, "algorithm id (see `rllens list`)");
  addSeedOption(cmd, run.seed, "random seed");
  cmd.add_option("--set", run.sets, "parameter override name=value (repeatable)")->allow_extra_args(false);
}

int bench(const rl::runs::RunSpec& run, double seconds) {
  std::puts(rl::runs::benchLine(rl::runs::benchThroughput(run, seconds)).c_str());
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{"RL Lens — watch reinforcement learning learn.\nWithout a subcommand, opens the app."};
  app.require_subcommand(0, 1);

  gui::GuiOptions gui;
  addRunOptions(app, gui.run);
  app.add_option("--screenshot", gui.screenshot, "save a PNG of the window after --frames frames, then exit");
  app.add_option("--viewport-screenshot", gui.viewportShot,
                 "save a PNG of the environment viewport alone, 800 px wide whatever the window size, then exit");
  app.add_option("--frames", gui.frames, "exit after this many frames (default 120 with --screenshot)");
  std::string size;
  app.add_option("--size", size, "window size WxH, e.g. 1280x800");
  app.add_option("--speed", gui.speed, "steps per second (0 = as fast as possible)");
  app.add_flag("--paused", gui.paused, "start paused");
  app.add_flag("--classroom", gui.classroom, "classroom mode: large type, projector theme, chosen controls hidden (F9)");
  std::string uiScale;
  app.add_option("--ui-scale", uiScale, "classroom UI scale from 1 to 3 in steps of 0.25, e.g. 2 (implies --classroom)");
  app.add_option("--theme", gui.theme, "classroom theme: dark or projector (implies --classroom)");
  app.add_option("--ui-map", gui.uiMap, "write the screen rectangles of named controls as JSON (for tests)");
  app.add_option("--state-out", gui.stateOut, "at exit, write the env layout, params and command log as JSON");
  app.add_option("--perf-report", gui.perfReport, "at exit, write frame-time percentiles and throughput as JSON");
  app.add_option("--ui-audit", gui.uiAudit,
                 "check the text of every 4th frame (glyphs missing from the font, text cut at a panel's edge, text "
                 "drawn over text) and write the findings as JSON");
  app.add_option("session", gui.sessionIn, "a session file (.rllens) to open, paused at its step (from its checkpoint, else its log replayed)");
  app.add_option("--session-out", gui.sessionOut, "at exit, save the session file here (Ctrl+S saves it any time)");
  app.add_option("--metrics-out", gui.metricsOut, "at exit, write the run's metrics (.csv or .jsonl)");
  app.add_option("--lesson", gui.lesson, "open a lesson (see `rllens lesson list`): its preset, script and narrative");
  app.add_option("--lesson-lang", gui.lessonLang, "the lessons' language: en or zh (中文)");
  app.add_option("--lens", gui.lens, "the lens to show: q, policy, actor-critic or gan (default: the algorithm's)");
  std::string exportSize;
  app.add_option("--export-gif", gui.exportGif, "at exit, write the newest recorded viewport frames as an animated GIF");
  app.add_option("--export-mp4", gui.exportMp4, "at exit, write them as an MP4 through ffmpeg (apt install ffmpeg)");
  app.add_option("--export-frames,--gif-frames", gui.exportFrames,
                 "frames to export, 1 to 10000 (default 300); without --frames the app runs until it has recorded them");
  app.add_option("--export-size,--gif-size", exportSize,
                 "export size WxH, each 16 to 4096 (default 800x800; the GAN keeps 1.6:1, its height from the width)");
  app.add_option("--replay-episodes", gui.replayEpisodes,
                 "episodes the replay timeline keeps, 0 to 100 (default 5, or the saved setting; 0 = no recording)");

  auto* list = app.add_subcommand("list", "list environments, algorithms and their parameters");

  rl::cli::TrainOptions train;
  auto* trainCmd = app.add_subcommand("train", "train headless and write metrics (CleanRL names)");
  addRunOptions(*trainCmd, train.run);
  trainCmd->add_option("--steps", train.steps, "env steps to train")->check(CLI::Range(uint64_t(1), rl::runs::kMaxRunSteps));
  trainCmd->add_option("--metrics", train.metricsPath, "write metrics: .csv (global_step,metric,value) or .jsonl");
  trainCmd->add_option("--commands", train.commandsPath, "replay a command log (one '<step> <verb> ...' per line)");
  trainCmd->add_option("--session", train.sessionPath,
                       "a session file (.rllens): continue its run from its checkpoint (else replay its log) to --steps or its step");
  bool noProgress = false;
  trainCmd->add_flag("--no-progress", noProgress, "no progress bar");
  trainCmd->add_option("--load-agent", train.loadAgentPath,
                       "start from a saved agent (same algo and env; its parameters apply, then --set)");
  trainCmd->add_option("--save-agent", train.saveAgentPath, "save the trained agent (weights, tables, optimiser) here");
  trainCmd->add_option("--session-out", train.sessionOutPath,
                       "save the run as a session file (.rllens) with its checkpoint: opening it continues at once");
  trainCmd->add_flag("--replay", train.replay,
                     "with --session: ignore its checkpoint, re-derive the run from its log, and check that the log "
                     "reaches the checkpoint bit for bit");

  rl::runs::RunSpec benchRun;
  double benchSeconds = 2.0;
  auto* benchCmd = app.add_subcommand("bench", "measure headless training throughput (env steps/s)");
  addRunOptions(*benchCmd, benchRun);
  benchCmd->add_option("--seconds", benchSeconds, "measuring time in seconds, 0.1 to 600");

  rl::cli::RolloutOptions roll;
  auto* envCmd = app.add_subcommand("env", "environment tools");
  envCmd->require_subcommand(1);
  auto* rollCmd = envCmd->add_subcommand("rollout", "step an env with given actions; one JSON line per step");
  rollCmd->add_option("--env", roll.env, "environment id")->required();
  rollCmd->add_option("--set", roll.sets, "env parameter name=value (repeatable)")->allow_extra_args(false);
  addSeedOption(*rollCmd, roll.seed, "seed for reset (and sticky actions)");
  rollCmd->add_option("--init", roll.init, "initial state, e.g. theta=1,thetadot=0 (pendulum)");
  rollCmd->add_option("--actions", roll.actions, "a file of actions, or a list like 5,1,1,5")->required();
  rollCmd->add_option("--format", roll.format, "output format: jsonl");

  auto* lessonCmd = app.add_subcommand("lesson", "guided lessons (assets/lessons): list them, check their claims");
  lessonCmd->require_subcommand(1);
  std::string lessonDir = rl::runs::lessonDir(), lessonId;
  bool lessonShort = false;
  auto* lessonList = lessonCmd->add_subcommand("list", "id, lens, title and concepts of every lesson");
  lessonList->add_option("--dir", lessonDir, "lesson folder (default: the shipped lessons)");
  auto* lessonCheck = lessonCmd->add_subcommand("check", "run a lesson's preset and script headless; check its claims");
  lessonCheck->add_option("id", lessonId, "lesson id (see `rllens lesson list`)")->required();
  lessonCheck->add_flag("--short", lessonShort, "the shortened budget the test suite uses");
  lessonCheck->add_option("--dir", lessonDir, "lesson folder (default: the shipped lessons)");
  std::vector<std::string> lessonSets;
  bool lessonAblate = false;
  lessonCheck->add_option("--set", lessonSets, "parameter override name=value for every run of the check (repeatable)")
      ->allow_extra_args(false);
  lessonCheck->add_flag("--ablate", lessonAblate,
                        "switch the lesson's concept off (its \"ablation\" sets) on every run: the claims should fail");

  try {
    app.parse(argc, argv);
  } catch (const CLI::CallForHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForAllHelp& e) {
    return app.exit(e);
  } catch (const CLI::ParseError& e) {
    std::string msg = e.what();
    for (char& c : msg)
      if (c == '\n' || c == '\r') c = ' ';
    std::fprintf(stderr, "rllens: %s (see rllens --help)\n", msg.c_str());
    return 2;
  }

  try {
    if (*list) {
      std::fputs(rl::cli::listText().c_str(), stdout);
      return 0;
    }
    if (*trainCmd) {
      train.progress = !noProgress;
      train.stepsGiven = trainCmd->count("--steps") > 0;
      if (!train.sessionPath.empty())
        for (const char* flag : {"--env", "--algo", "--seed", "--set", "--commands"})
          if (trainCmd->count(flag) > 0)
            throw rl::runs::UsageError(std::string("--session: the file gives the env, algorithm, seed, parameters and "
                                                  "command log; drop ") + flag);
      return rl::cli::train(train);
    }
    if (*lessonList) {
      const rl::runs::LessonSet set = rl::runs::loadLessons(lessonDir);
      std::fputs(rl::cli::lessonListText(set).c_str(), stdout);
      for (const std::string& e : set.errors) std::fprintf(stderr, "rllens: skipped %s\n", e.c_str());
      return set.errors.empty() ? 0 : 2;
    }
    if (*lessonCheck) return rl::cli::lessonCheckCommand(lessonDir, lessonId, lessonShort, lessonSets, lessonAblate);
    if (*benchCmd) return bench(benchRun, benchSeconds);
    if (*rollCmd) {
      rl::cli::rollout(roll, std::cout);
      return 0;
    }
    // GUI.
    gui.runGiven = app.count("--env") + app.count("--algo") > 0;
    if (!gui.runGiven && !gui.run.sets.empty()) gui.runGiven = true;
    if (!size.empty()) {
      // Exactly WxH, both in a range a display can show (X refuses windows past 32767 with a multi-line error).
      int w = 0, h = 0, used = 0;
      const bool parsed = std::sscanf(size.c_str(), "%5dx%5d%n", &w, &h, &used) == 2 && used == int(size.size()) &&
                          size[0] >= '0' && size[0] <= '9';
      if (!parsed || w < 320 || h < 240 || w > 16384 || h > 16384)
        throw rl::runs::UsageError("--size: expected WxH with 320 ≤ W ≤ 16384 and 240 ≤ H ≤ 16384, e.g. 1280x800, got '" +
                                  size.substr(0, 40) + "'");
      gui.width = w, gui.height = h;
    }
    if (!uiScale.empty()) {
      // Exactly a number in [1, 3] on the 0.25 grid the app offers: "2", "1.5", "2.75".
      char* end = nullptr;
      const double v = std::strtod(uiScale.c_str(), &end);
      if (end == uiScale.c_str() || *end != '\0' || !std::isfinite(v) || v < 1 || v > 3 ||
          std::abs(v * 4 - std::round(v * 4)) > 1e-9)
        throw rl::runs::UsageError("--ui-scale: expected a scale from 1 to 3 in steps of 0.25 (1, 1.25, … 3), got '" +
                                  rl::quoteInput(uiScale.substr(0, 40)) + "'");
      gui.uiScale = float(v);
      gui.classroom = true;
    }
    if (app.count("--theme")) {
      if (gui.theme != "dark" && gui.theme != "projector")
        throw rl::runs::UsageError("--theme: expected dark or projector, got '" + rl::quoteInput(gui.theme.substr(0, 40)) + "'");
      gui.classroom = true;
    }
    if (gui.frames < 0) throw rl::runs::UsageError("--frames: expected a number of frames ≥ 0, got " + std::to_string(gui.frames));
    if (app.count("--speed") && (!std::isfinite(gui.speed) || gui.speed < 0 || gui.speed > 1e7))
      throw rl::runs::UsageError("--speed: expected steps per second in [0, 10000000] (0 = as fast as possible), got '" +
                                std::to_string(gui.speed) + "'");
    if ((!gui.screenshot.empty() || !gui.viewportShot.empty()) && gui.frames == 0) gui.frames = 120;
    if (gui.runGiven) rl::runs::makeTrainer(gui.run);  // validate ids and --set before opening a window
    if (!gui.sessionIn.empty()) {
      for (const char* flag : {"--env", "--algo", "--seed", "--set"})
        if (app.count(flag) > 0)
          throw rl::runs::UsageError(std::string("a session file gives the env, algorithm, seed and parameters; drop ") +
                                    flag);
      // Every field checked before a window opens; the app opens what was read here (a checkpoint is read once).
      gui.sessionRead = std::make_shared<const rl::runs::SessionFile>(rl::runs::readSessionFile(gui.sessionIn));
    }
    if (!gui.lessonLang.empty() && gui.lessonLang != "en" && gui.lessonLang != "zh")
      throw rl::runs::UsageError("--lesson-lang: expected en or zh, got '" + rl::quoteInput(gui.lessonLang) + "'");
    if (!gui.lens.empty() && !gui::findLens(gui.lens)) {
      std::string ids;
      for (const auto& l : gui::lenses()) ids += (ids.empty() ? "" : ", ") + std::string(l.id);
      throw rl::runs::UsageError("--lens: expected one of " + ids + ", got '" + rl::quoteInput(gui.lens) + "'");
    }
    if (!gui.lesson.empty()) {
      for (const char* flag : {"--env", "--algo", "--seed", "--set", "session"})
        if (app.count(flag) > 0)
          throw rl::runs::UsageError(std::string("--lesson: a lesson gives the env, algorithm, seed and parameters; drop ") +
                                    (flag[0] == '-' ? flag : "the session file"));
      const rl::runs::LessonSet set = rl::runs::loadLessons(rl::runs::lessonDir());
      bool found = false;
      for (const auto& l : set.lessons) found |= l.id == gui.lesson;
      if (!found) {
        std::string why = "--lesson: no lesson '" + rl::quoteInput(gui.lesson) + "'";
        for (const auto& e : set.errors)  // its file exists but is malformed: say so
          if (e.find(gui.lesson + ".json") != std::string::npos) why = "--lesson: " + e;
        throw rl::runs::UsageError(why + " (see `rllens lesson list`)");
      }
    }
    if (!gui.metricsOut.empty()) rl::runs::metricsFormat(gui.metricsOut);
    // The replay export route (app/views/replay_export.hpp).
    const bool exporting = !gui.exportGif.empty() || !gui.exportMp4.empty();
    for (const char* flag : {"--export-frames", "--export-size"})
      if (app.count(flag) > 0 && !exporting) throw rl::runs::UsageError(std::string(flag) + ": needs --export-gif or --export-mp4");
    if (gui.exportFrames < 1 || gui.exportFrames > 10000)
      throw rl::runs::UsageError("--export-frames: expected a number of frames from 1 to 10000, got " +
                                std::to_string(gui.exportFrames));
    if (!exportSize.empty()) {
      int w = 0, h = 0, used = 0;
      const bool parsed = std::sscanf(exportSize.c_str(), "%5dx%5d%n", &w, &h, &used) == 2 &&
                          used == int(exportSize.size()) && exportSize[0] >= '0' && exportSize[0] <= '9';
      if (!parsed || w < 16 || h < 16 || w > 4096 || h > 4096)
        throw rl::runs::UsageError("--export-size: expected WxH with 16 ≤ W, H ≤ 4096, e.g. 800x800, got '" +
                                  exportSize.substr(0, 40) + "'");
      gui.exportWidth = w, gui.exportHeight = h;
    }
    if (app.count("--replay-episodes") && (gui.replayEpisodes < 0 || gui.replayEpisodes > 100))
      throw rl::runs::UsageError("--replay-episodes: expected a number of episodes from 0 to 100, got " +
                                std::to_string(gui.replayEpisodes));
    if (exporting && gui.replayEpisodes == 0)
      throw rl::runs::UsageError("--replay-episodes: 0 records nothing, so there would be nothing to export");
    if (exporting && gui.frames == 0 && (gui.paused || !gui.sessionIn.empty()))  // it would wait for frames forever
      throw rl::runs::UsageError(std::string(gui.paused ? "--paused" : "a session file") +
                                ": opens paused, so an export would record nothing; give --frames N");
    // A file's name says what is in it: a GIF written into "x.png" opens as a broken picture.
    for (const auto& [flag, path, ext] : {std::tuple<const char*, const std::string*, std::string>{
                                              "--screenshot", &gui.screenshot, ".png"},
                                          {"--viewport-screenshot", &gui.viewportShot, ".png"},
                                          {"--export-gif", &gui.exportGif, ".gif"},
                                          {"--export-mp4", &gui.exportMp4, ".mp4"}}) {
      std::string tail = path->size() >= ext.size() ? path->substr(path->size() - ext.size()) : "";
      for (char& c : tail) c = char(std::tolower(static_cast<unsigned char>(c)));
      if (!path->empty() && tail != ext)
        throw rl::runs::UsageError(std::string(flag) + ": expected a file name ending in " + ext + ", got '" +
                                  rl::quoteInput(*path) + "'");
    }
    if (!gui.exportMp4.empty() && !gui::ffmpegAvailable())
      throw rl::runs::UsageError(std::string("--export-mp4: ffmpeg is not on PATH; ") + gui::kFfmpegHint);
    // Output files are checked before the window opens, not found unwritable at exit.
    for (const auto& [flag, path] : {std::pair<const char*, const std::string*>{"--screenshot", &gui.screenshot},
                                     {"--viewport-screenshot", &gui.viewportShot}, {"--ui-map", &gui.uiMap},
                                     {"--state-out", &gui.stateOut}, {"--perf-report", &gui.perfReport}, {"--ui-audit", &gui.uiAudit},
                                     {"--session-out", &gui.sessionOut}, {"--metrics-out", &gui.metricsOut},
                                     {"--export-gif", &gui.exportGif}, {"--export-mp4", &gui.exportMp4}})
      if (!path->empty()) rl::runs::checkWritable(*path, flag);
    return gui::runGui(gui);
  } catch (const rl::runs::UsageError& e) {
    std::fprintf(stderr, "rllens: %s\n", e.what());
    return 2;
  } catch (const std::exception& e) {
    std::fprintf(stderr, "rllens: %s\n", e.what());
    return 1;
  }
}
