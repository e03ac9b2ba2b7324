// A3C, asynchronous advantage actor-critic (Mnih et al. 2016, Algorithm S3), on real threads. The loss is A2C's
// (core/rl/a2c.hpp, core/rl/pg_losses.hpp actorCriticLoss); what changes is who applies it and when:
//   every worker k has its own env copy, its own local copy θ′_k of the network and its own RNG, and loops
//     pull:    θ′_k ← θ                                   (remember u_pull = the global update count)
//     collect: num_steps env steps with π_θ′_k → Â (the estimator switch), R = Â + V
//     push:    g_k = ∇_θ′ L(θ′_k) on its segment, clipped; under the lock: θ ← opt(θ, g_k), u ← u + 1
//              staleness = u_before_push − u_pull: how many other workers' updates landed since it pulled
//   with one shared optimiser (the paper's shared RMSProp statistics) on the global θ.
// A worker never waits for another (A2C's barrier is gone); a push is stale when others pushed in between.
//
// Clean boundaries: trainStep starts the workers (worker 0 on the trainer's env, on the calling thread; workers
// 1..N−1 on their own threads), each with half of an even share of maxSteps reserved and the rest drawn from a shared pool, and returns after every worker has
// stopped and joined, so pause, step, reset and parameter edits always act between two calls, with no worker
// running. Segments in progress carry over to the next call.
//
// Not deterministic: the order of the pushes depends on the OS's thread scheduling, so two runs with the same seed
// differ (the one documented exception to the project's bit-for-bit rule). With num_envs = 1 it is deterministic.
// Episode statistics follow worker 0; within one call their global-step stamps count worker 0's steps only.
//
// Metrics (SB3/CleanRL names), one point per push: losses/policy_loss, losses/value_loss, losses/entropy,
// losses/explained_variance, charts/staleness; per call: charts/pushes_per_second.
#pragma once
#include <atomic>
#include <deque>
#include <functional>
#include <memory>
#include <mutex>
#include <thread>
#include <string>
#include <vector>

#include "core/agent.hpp"
#include "core/rl/policy_common.hpp"
#include "core/rl/rollout.hpp"
#include "core/rl/sync_rollouts.hpp"
#include "core/rng.hpp"

namespace rl {

class A3c final : public Agent {
 public:
  struct Config {
    double gamma = 0.99;        // discount γ ∈ [0, 0.999]
    double estimator = 1;       // td0 / nstep / gae / mc, as A2C (A3C's own: n-step to the segment's end) (live)
    double gaeLambda = 1.0;     // GAE λ ∈ [0, 1] (live)
    int nStep = 5;              // the n-step estimator's n ∈ [1, 512] (live)
    int numSteps = 5;           // t_max: env steps per segment ∈ [1, 4096]; on reset
    int numEnvs = 2;            // workers (threads, each with an env copy) ∈ [1, 16]; on reset
    double lr = 7e-4;           // shared optimiser's step size ∈ [1e-6, 0.1] (live)
    int optimizer = 0;          // rmsprop (shared statistics) / adam; on reset
    double entCoef = 0.01;      // entropy bonus c_H ∈ [0, 1] (live)
    double vfCoef = 0.5;        // value-loss weight c_v ∈ [0, 10] (live)
    double maxGradNorm = 0.5;   // clip of each pushed gradient's norm ∈ [0, 100], 0 = off (live)
    double rewardScale = 1.0;   // rewards × this for learning ∈ [1e-3, 10]
    bool sharedTrunk = false;   // actor and critic share the trunk; on reset
    int hidden = 64;            // MLP hidden units ∈ [8, 512]; on reset
    int layers = 2;             // MLP hidden layers ∈ [0, 4]; on reset
    double logStdInit = 0.0;    // continuous actions: initial log σ; on reset
  };

  A3c();
  ~A3c() override;
  std::string id() const override { return "a3c"; }
  std::string unsupportedReason(const Env& env) const override;
  void reset(Env& env, uint64_t seed) override;
  // Saved agents (core/agent_state.hpp): the global network, its per-tensor optimisers and the global update count; load only between trainStep calls (the workers are joined then); each worker pulls the loaded θ.
  void describeState(AgentState& s) override;
  void stateLoaded() override;
  // Checkpoints (core/checkpoint.hpp), between calls (the workers are joined): the env copies, each worker's local θ′,
  // RNG, segment so far and lane, the staleness record and the lens's last push.
  void persist(StateIO& io) override;
  void setEnvFactory(std::function<std::unique_ptr<Env>()> make) override { copies_.setFactory(std::move(make)); }
  void envChanged(const Env& env) override { copies_.envChanged(env); }
  void envEdited(const EnvEdit& e) override { copies_.envEdited(e); }
  int trainStep(Env& env, int maxSteps, Metrics& metrics, uint64_t stepBase, int forcedAction) override;
  // The losses, entropy and explained variance (staleness and pushes per second have no chart).
  ChartPlan charts(const EnvInfo& env) const override {
    auto pick = charts::policyAndValue();
    pick.push_back(charts::explainedVariance());
    return policyGradientCharts(env, {}, std::move(pick));
  }
  void fillInsights(Insights& out) const override;
  void fillEnvInsights(const Env& env, Insights& out) const override;
  double valueMagnitude() const override { return maxAbsValue_; }
  std::string checkFinite() const override;

  static std::vector<std::string> presetFor(const std::string& envId);
  const Config& config() const { return cfg_; }
  uint64_t globalUpdates() const { return globalUpdates_; }
  uint64_t pushes(int worker) const;
  int numWorkers() const { return int(workers_.size()); }
  // Workers running right now (0 whenever trainStep is not executing).
  int activeWorkers() const { return active_.load(); }
  // Test hook: keep every pushed gradient (flattened, in push order) and the parameters at reset, so a test can
  // replay the pushes on the initial parameters and check each was applied exactly once.
  void recordPushes(bool on) { recordPushes_ = on; }
  const std::vector<std::vector<float>>& pushedGradients() const { return pushLog_; }
  const std::vector<float>& initialParameters() const { return initialParams_; }
  std::vector<float> globalParameters() const;
  std::unique_ptr<nn::Optimizer<float>> freshOptimizer() const;
  PolicyModel& model() { return global_; }

 private:
  struct Worker;
  void runWorker(Worker& w, Env& env, int forcedAction, int steps);
  int push(Worker& w);
  void pull(Worker& w);

  Config cfg_, built_;
  Rng rng_;
  mutable PolicyModel global_;  // θ: the global network (the lens shows it)
  // The shared optimiser, one instance per tensor of θ (its moments are what push() updates, chunk by chunk), and the
  // chunks of θ, each behind its own lock (push() explains why).
  std::vector<std::unique_ptr<nn::Optimizer<float>>> tensorOpts_;
  struct Chunk {
    size_t tensor;
    Eigen::Index begin, size;
  };
  std::vector<Chunk> chunks_;
  // A chunk's lock is held for a few microseconds: a spin lock, not a mutex, whose contended lock puts the thread to
  // sleep in the kernel — on the pendulum's small network that sleeping, not the arithmetic, was most of a push. It
  // yields after a while, so a preempted holder is not spun against for a whole time slice.
  // The CPU's spin-wait hint where it has one (x86's pause); elsewhere (WebAssembly) nothing.
  static void cpuRelax() {
#if defined(__x86_64__) || defined(__i386__)
    __builtin_ia32_pause();
#endif
  }
  struct SpinLock {
    std::atomic<bool> taken{false};
    void lock() {
      for (int spins = 0; taken.exchange(true, std::memory_order_acquire); ++spins) {
        while (taken.load(std::memory_order_relaxed)) {
          if (++spins > 4000) std::this_thread::yield(), spins = 0;
          else cpuRelax();
        }
      }
    }
    void unlock() { taken.store(false, std::memory_order_release); }
  };
  std::unique_ptr<SpinLock[]> chunkLocks_;
  EnvCopies copies_;
  std::vector<std::unique_ptr<Worker>> workers_;
  std::mutex bookMutex_;  // guards the push log, the per-push records, the staleness counts and the lens's sample
  uint64_t globalUpdates_ = 0;  // under tensor 0's lock
  std::atomic<int> active_{0};
  std::atomic<bool> stop_{false};  // a worker failed: the others stop at their next step
  std::atomic<int> pool_{0};       // the call's steps not reserved for a worker, drawn by whoever is free
  std::atomic<uint64_t> stepsInCall_{0};
  // Per-push records made under the lock, added to the metrics after the workers join (in push order).
  struct PushRecord {
    uint64_t stepInCall = 0;
    double policyLoss = 0, valueLoss = 0, entropy = 0, explVar = 0;
    int staleness = 0;
  };
  std::vector<PushRecord> records_;
  std::vector<int> stalenessHist_;
  double stalenessSum_ = 0, pushesPerSecond_ = 0, maxAbsValue_ = 0, lastLoss_ = 0;
  ActorCriticStep step_;
  bool recordPushes_ = false;
  std::vector<std::vector<float>> pushLog_;
  std::vector<float> initialParams_;
  int policyLossId_ = -1, valueLossId_ = -1, entropyId_ = -1, explVarId_ = -1, stalenessId_ = -1, ppsId_ = -1;
  const Metrics* boundMetrics_ = nullptr;
};

}  // namespace rl
