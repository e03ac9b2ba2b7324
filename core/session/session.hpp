// Session: a Trainer on a worker thread. The UI sends Commands; the worker drains them at a step boundary, logs
// them, trains in bounded chunks and publishes an immutable Snapshot ~30×/s (DESIGN.md §2). Nothing is thrown
// across the thread boundary: errors pause the run and travel in the snapshot.
#pragma once
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <deque>
#include <memory>
#include <mutex>
#include <optional>
#include <thread>
#include <vector>

#include "core/session/command.hpp"
#include "core/session/snapshot.hpp"
#include "core/session/trainer.hpp"

namespace rl {

class Session {
 public:
  struct Options {
    bool startRunning = false;
    double speed = 0;                // steps per second, 0 = unlimited
    double publishHz = 30;
    int workerNice = 0;              // > 0 lowers the worker thread's priority (the GUI uses 5)
  };
  Session(std::unique_ptr<Trainer> trainer, Options options);
  ~Session();  // stops and joins the worker, mid-run or not
  Session(const Session&) = delete;
  Session& operator=(const Session&) = delete;

  void send(Command c);
  // The latest published snapshot (never null).
  std::shared_ptr<const Snapshot> snapshot() const;
  // Blocks until every command sent so far is applied and a snapshot reflecting it is published.
  bool sync(std::chrono::milliseconds timeout = std::chrono::milliseconds(5000));
  std::vector<LoggedCommand> commandLog() const;
  // Runs fn on the worker's trainer between steps (for tests and save); blocks until done.
  void withTrainer(const std::function<void(Trainer&)>& fn);
  // Opening a session file without a checkpoint: the worker replays the log to `steps` in chunks, publishing progress
  // (Snapshot::replayTo, lifetimeSteps) so the window keeps drawing, and pauses there. cancelReplay() stops it where
  // it got to (paused, with a notice); the commands not reached are dropped.
  void replayAsync(const std::vector<LoggedCommand>& log, uint64_t steps);
  void cancelReplay();
  // A session restored from a checkpoint: its command log becomes this session's, so saving again writes the same
  // history.
  void adoptLog(const std::vector<LoggedCommand>& log);
  // A lesson's scripted command log: each command is applied when the run's lifetime step count reaches its step
  // (training stops exactly there, as Trainer::replay does, so the live demonstration is the run `rllens lesson
  // check` measures) and is logged like a command sent by the user. Replaces any script not yet played out.
  void schedule(std::vector<LoggedCommand> script);
  // A lesson's page break: the run never trains past `step` (0 = no hold). When a running run reaches it, it pauses
  // there (Snapshot::heldAt says so) and stays held — pressing Play cannot pass it — until the hold moves on. The
  // step count stops exactly there, like a scripted command's, so holding never changes what the run learns.
  void holdAt(uint64_t step);

 private:
  void loop();
  void applyCommand(const Command& c);
  int trainSafely(int steps);  // advance + divergence check; errors pause and are kept for the snapshot
  void publish();

  std::unique_ptr<Trainer> trainer_;
  Options opt_;
  std::thread worker_;

  mutable std::mutex mutex_;  // guards the queue, the log, the snapshot pointer and the flags below
  std::condition_variable wake_, published_;
  std::deque<Command> queue_;
  std::vector<LoggedCommand> log_;
  std::shared_ptr<const Snapshot> snapshot_;
  std::deque<std::function<void(Trainer&)>> tasks_;
  std::optional<std::deque<LoggedCommand>> newScript_;  // handed to the worker with the next loop
  std::optional<uint64_t> newHold_;                     // likewise
  std::optional<std::pair<std::deque<LoggedCommand>, uint64_t>> newReplay_;  // likewise
  bool cancelReplay_ = false;
  bool stop_ = false;
  uint64_t sent_ = 0, applied_ = 0, publishedApplied_ = 0;

  // Worker-only state.
  std::deque<LoggedCommand> script_;  // scripted commands still to come, in step order
  uint64_t hold_ = 0;                 // never train past this step (0 = no hold)
  bool held_ = false;                 // paused by the hold (cleared by Resume and Pause)
  uint64_t replayTo_ = 0;             // replaying a session's log up to this step (0 = not replaying)
  int replayChunk_ = 4096;
  bool running_ = false;
  double speed_ = 0;
  int chunk_ = 256;
  std::string error_, notice_, warning_;
  uint64_t version_ = 0;
  std::chrono::steady_clock::time_point paceEpoch_;
  uint64_t pacedSteps_ = 0;
  std::chrono::steady_clock::time_point rateTime_;
  uint64_t rateSteps_ = 0, rateUpdates_ = 0;
  double envRate_ = 0, updateRate_ = 0;
};

}  // namespace rl
