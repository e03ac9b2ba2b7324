#include "core/session/session.hpp"

#include <algorithm>
#include <cmath>
#include <exception>

#include <cerrno>
#include <pthread.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <unistd.h>

namespace rl {

using Clock = std::chrono::steady_clock;

Session::Session(std::unique_ptr<Trainer> trainer, Options options) : trainer_(std::move(trainer)), opt_(options) {
  running_ = opt_.startRunning;
  speed_ = opt_.speed;
  paceEpoch_ = rateTime_ = Clock::now();
  publish();
  worker_ = std::thread([this] {
#ifdef __linux__  // a browser's workers have neither names nor priorities
    pthread_setname_np(pthread_self(), "rllens-train");  // shows in top/perf/gdb
    if (opt_.workerNice > 0) {
      // Training yields to the UI thread (and the GL driver's threads): a dropped frame is visible, a few percent
      // fewer steps per second is not. Linux applies nice per thread.
      errno = 0;
      [[maybe_unused]] int r = setpriority(PRIO_PROCESS, pid_t(syscall(SYS_gettid)), opt_.workerNice);
    }
#endif
    loop();
  });
}

Session::~Session() {
  {
    std::lock_guard lock(mutex_);
    stop_ = true;
  }
  wake_.notify_all();
  if (worker_.joinable()) worker_.join();
}

void Session::send(Command c) {
  {
    std::lock_guard lock(mutex_);
    queue_.push_back(std::move(c));
    ++sent_;
  }
  wake_.notify_all();
}

std::shared_ptr<const Snapshot> Session::snapshot() const {
  std::lock_guard lock(mutex_);
  return snapshot_;
}

std::vector<LoggedCommand> Session::commandLog() const {
  std::lock_guard lock(mutex_);
  return log_;
}

bool Session::sync(std::chrono::milliseconds timeout) {
  std::unique_lock lock(mutex_);
  const uint64_t target = sent_;
  wake_.notify_all();
  return published_.wait_for(lock, timeout, [&] { return publishedApplied_ >= target || stop_; });
}

void Session::withTrainer(const std::function<void(Trainer&)>& fn) {
  std::mutex doneMutex;
  std::condition_variable doneCv;
  bool done = false;
  {
    std::lock_guard lock(mutex_);
    tasks_.push_back([&](Trainer& t) {
      fn(t);
      std::lock_guard l(doneMutex);
      done = true;
      doneCv.notify_all();
    });
  }
  wake_.notify_all();
  std::unique_lock l(doneMutex);
  doneCv.wait(l, [&] { return done; });
}

void Session::replayAsync(const std::vector<LoggedCommand>& log, uint64_t steps) {
  std::deque<LoggedCommand> script;
  for (const LoggedCommand& c : log)
    if (c.command.affectsLearning()) script.push_back(c);
  {
    std::lock_guard lock(mutex_);
    newReplay_.emplace(std::move(script), steps);
    cancelReplay_ = false;
  }
  wake_.notify_all();
}

void Session::cancelReplay() {
  {
    std::lock_guard lock(mutex_);
    cancelReplay_ = true;
  }
  wake_.notify_all();
}

void Session::adoptLog(const std::vector<LoggedCommand>& log) {
  std::lock_guard lock(mutex_);
  for (const LoggedCommand& c : log)
    if (c.command.affectsLearning()) log_.push_back(c);
}

void Session::schedule(std::vector<LoggedCommand> script) {
  std::stable_sort(script.begin(), script.end(),
                   [](const LoggedCommand& a, const LoggedCommand& b) { return a.atStep < b.atStep; });
  {
    std::lock_guard lock(mutex_);
    newScript_.emplace(script.begin(), script.end());
  }
  wake_.notify_all();
}

void Session::holdAt(uint64_t step) {
  {
    std::lock_guard lock(mutex_);
    newHold_ = step;
  }
  wake_.notify_all();
}

void Session::applyCommand(const Command& c) {
  switch (c.type) {
    case Command::Type::Pause: running_ = false, held_ = false; break;
    case Command::Type::Resume:
      running_ = true;
      held_ = false;
      error_.clear();
      paceEpoch_ = Clock::now();
      pacedSteps_ = 0;
      break;
    case Command::Type::StepOnce:  // runs its step right here, so later commands in the queue see it done
      running_ = false;
      trainSafely(1);
      break;
    case Command::Type::SetSpeed:
      speed_ = std::max(0.0, c.value);
      paceEpoch_ = Clock::now();
      pacedSteps_ = 0;
      break;
    case Command::Type::Reset: error_.clear(), warning_.clear(); [[fallthrough]];
    default: trainer_->apply(c); break;  // throws std::invalid_argument for a bad command
  }
}

int Session::trainSafely(int steps) {
  int n = 0;
  try {
    n = trainer_->advance(steps);
    // Latched until Reset: the estimates may come back, but the class should see that they ran away, and when.
    if (warning_.empty())
      if (const std::string w = trainer_->valueWarning(); !w.empty())
        warning_ = "at step " + std::to_string(trainer_->envSteps()) + ", " + w;
    if (auto bad = trainer_->checkFinite(); !bad.empty()) {
      running_ = false;
      error_ = "Diverged: " + bad + ". Training paused — lower the step size or reset.";
    }
  } catch (const std::exception& e) {
    running_ = false;
    error_ = std::string("Training stopped: ") + e.what();
  }
  return n;
}

void Session::loop() {
  auto lastPublish = Clock::now();
  const auto publishEvery = std::chrono::duration<double>(1.0 / opt_.publishHz);
  for (;;) {
    std::deque<Command> commands;
    std::deque<std::function<void(Trainer&)>> tasks;
    bool holdMoved = false;
    {
      std::lock_guard lock(mutex_);
      if (stop_) return;
      commands.swap(queue_);
      tasks.swap(tasks_);
      if (newScript_) script_ = std::move(*newScript_), newScript_.reset();
      if (newHold_) hold_ = *newHold_, newHold_.reset(), holdMoved = true;
      if (newReplay_) {  // a session file's log, replayed to its step with the run paused
        script_ = std::move(newReplay_->first), replayTo_ = newReplay_->second, newReplay_.reset();
        running_ = false, held_ = false, holdMoved = true;
      }
      if (cancelReplay_ && replayTo_ > 0) {
        notice_ = "stopped replaying at step " + std::to_string(trainer_->lifetimeSteps()) + " of " +
                  std::to_string(replayTo_) + ": the run is paused there";
        replayTo_ = 0, script_.clear(), holdMoved = true;
      }
      cancelReplay_ = false;
    }
    bool changed = !commands.empty() || holdMoved;
    // The hold moved past a run it had paused (the teacher pressed Next): it goes on, paced afresh.
    if (holdMoved && held_ && (hold_ == 0 || hold_ > trainer_->lifetimeSteps())) {
      held_ = false, running_ = true;
      paceEpoch_ = Clock::now();
      pacedSteps_ = 0;
    }
    for (const Command& c : commands) {
      const uint64_t at = trainer_->lifetimeSteps();
      try {
        applyCommand(c);
        std::lock_guard lock(mutex_);
        log_.push_back({at, c});
      } catch (const std::exception& e) {
        notice_ = e.what();  // rejected: not logged, nothing changed
      }
      std::lock_guard lock(mutex_);
      ++applied_;
    }
    for (auto& t : tasks) t(*trainer_);
    changed |= !tasks.empty();  // a task may move the trainer (a save or a load): the next snapshot must show it
    // The script's commands that are due (a vector step may have run past one: applied at once, as replay does).
    while (!script_.empty() && script_.front().atStep <= trainer_->lifetimeSteps()) {
      const Command c = script_.front().command;
      script_.pop_front();
      const uint64_t at = trainer_->lifetimeSteps();
      try {
        applyCommand(c);
        std::lock_guard lock(mutex_);
        log_.push_back({at, c});
      } catch (const std::exception& e) {
        notice_ = e.what();
      }
      changed = true;
    }

    // ---- Decide how many steps to take now ----
    int budget = 0;
    const auto now = Clock::now();
    if (running_ && speed_ <= 0) {
      budget = chunk_;
    } else if (running_) {
      const double due = speed_ * std::chrono::duration<double>(now - paceEpoch_).count() - double(pacedSteps_);
      if (due > speed_) {  // more than a second behind (e.g. after a stall): do not burst, start pacing anew
        paceEpoch_ = now;
        pacedSteps_ = 0;
        budget = 1;
      } else {
        budget = int(std::min(due, 65536.0));
      }
    }

    // Replaying a session's log: as fast as it goes, in chunks of ~20 ms so progress shows and Cancel answers.
    if (replayTo_ > 0) {
      const uint64_t at = trainer_->lifetimeSteps();
      if (at >= replayTo_) replayTo_ = 0, script_.clear(), changed = true;  // there (a log never runs past it)
      else budget = int(std::min<uint64_t>(uint64_t(replayChunk_), replayTo_ - at));
      if (!error_.empty()) replayTo_ = 0, script_.clear(), budget = 0;  // diverged: stop there, the error says why
    }
    // Stop exactly at the next scripted command's step.
    if (budget > 0 && !script_.empty())
      budget = int(std::min<uint64_t>(uint64_t(budget), script_.front().atStep - trainer_->lifetimeSteps()));
    // A lesson's page break: pause exactly there (a vector step may overshoot it by a few env steps).
    if (running_ && hold_ > 0) {
      const uint64_t at = trainer_->lifetimeSteps();
      if (at >= hold_) {
        running_ = false, held_ = true, budget = 0, changed = true;
      } else {
        budget = int(std::min<uint64_t>(uint64_t(budget), hold_ - at));
      }
    }

    // ---- Train ----
    if (budget > 0) {
      const auto t0 = Clock::now();
      pacedSteps_ += uint64_t(trainSafely(budget));
      changed = true;
      if (replayTo_ > 0) {
        const double dt = std::chrono::duration<double>(Clock::now() - t0).count();
        replayChunk_ = std::clamp(int(replayChunk_ * std::clamp(0.02 / std::max(dt, 1e-7), 0.5, 2.0)), 64, 1 << 22);
      } else if (running_ && speed_ <= 0) {  // unlimited: size chunks to ~2 ms so commands apply promptly
        const double dt = std::chrono::duration<double>(Clock::now() - t0).count();
        const double scale = std::clamp(0.002 / std::max(dt, 1e-7), 0.5, 2.0);
        chunk_ = std::clamp(int(chunk_ * scale), 16, 1 << 22);
      }
    }

    const auto after = Clock::now();
    const bool busy = running_ || replayTo_ > 0;
    if ((busy && after - lastPublish >= publishEvery) || (changed && !busy)) {
      publish();
      lastPublish = after;
    }
    if (budget == 0) {
      // Idle or pacing: sleep until a command arrives, the next paced step is due, or the next publish.
      auto until = lastPublish + std::chrono::duration_cast<Clock::duration>(publishEvery);
      if (running_ && speed_ > 0)
        until = std::min(until, paceEpoch_ + std::chrono::duration_cast<Clock::duration>(
                                                 std::chrono::duration<double>(double(pacedSteps_ + 1) / speed_)));
      std::unique_lock lock(mutex_);
      const auto ready = [&] {
        return stop_ || !queue_.empty() || !tasks_.empty() || newHold_.has_value() || newReplay_.has_value() ||
               cancelReplay_;
      };
      if (running_) wake_.wait_until(lock, until, ready);
      else wake_.wait(lock, ready);  // paused: nothing to do until a command arrives
    }
  }
}

void Session::publish() {
  auto s = std::make_shared<Snapshot>();
  trainer_->fillSnapshot(*s);
  const auto now = Clock::now();
  const double dt = std::chrono::duration<double>(now - rateTime_).count();
  if (dt >= 0.25) {  // rates over windows of at least 250 ms, smoothed
    const double env = double(trainer_->lifetimeSteps() - rateSteps_) / dt;
    const double upd = double(trainer_->agent().stats().updates - rateUpdates_) / dt;
    envRate_ = envRate_ == 0 ? env : 0.5 * envRate_ + 0.5 * env;
    updateRate_ = updateRate_ == 0 ? upd : 0.5 * updateRate_ + 0.5 * upd;
    rateTime_ = now;
    rateSteps_ = trainer_->lifetimeSteps();
    rateUpdates_ = trainer_->agent().stats().updates;
  }
  s->envStepsPerSec = envRate_;
  s->updatesPerSec = updateRate_;
  s->running = running_;
  s->heldAt = held_ ? trainer_->lifetimeSteps() : 0;
  s->replayTo = replayTo_;
  s->speed = speed_;
  s->error = error_;
  s->warning = warning_;
  s->notice = notice_;
  s->version = ++version_;
  std::lock_guard lock(mutex_);
  s->commandCount = log_.size();
  s->commandsApplied = applied_;
  snapshot_ = std::move(s);
  publishedApplied_ = applied_;
  published_.notify_all();
}

}  // namespace rl
