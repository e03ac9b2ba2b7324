// Pfau & Vinyals (2016), Table 1, read the other way: the GAN community's stabilising tricks carried over to
// actor-critic methods (one-step AC, A2C, DDPG), each a switch. The critic plays the discriminator, the actor the
// generator:
//   freezing learning     the actor skips its step while the critic's error is above a threshold (it would follow
//                         a critic that is still wrong), the critic skips its step while its error is below one (it
//                         is "too far ahead"). The error is the RMS of the critic's regression error: |δ| online,
//                         √mean (V − R)² for a batch, √mean (Q − y)² for DDPG.
//   label smoothing       one-sided, as D's real label 1 → 1 − ε: the critic's targets shrink, y ← (1 − ε)·y, so the
//                         critic never chases the full size of a return.
//   historical averaging  λ‖θ − θ̄‖² on every parameter, θ̄ the running mean of its past values (Salimans et al.
//                         2016 §3.3): damps the chase of two players around each other.
//   batch normalisation   the hidden layers of the MLPs normalised over the update's batch (running statistics when
//                         acting); for algorithms that update on batches (A2C, DDPG).
#pragma once
#include <cmath>
#include <string>
#include <vector>

#include "core/nn/param_utils.hpp"
#include "core/params.hpp"

namespace rl {

class StateIO;

struct AcTricks {
  bool freeze = false;
  double freezeActorAbove = 1.0;   // the actor skips its step while the critic's RMS error > this
  double freezeCriticBelow = 0.0;  // the critic skips its step while its RMS error < this (0 = never)
  bool labelSmoothing = false;
  double smoothing = 0.1;          // ε: targets y ← (1 − ε)·y
  bool histAvg = false;
  double histLambda = 1e-3;        // λ of λ‖θ − θ̄‖²
  bool batchNorm = false;          // on reset (batched algorithms only)

  // Registers the switches and their strengths (withBatchNorm: the batched algorithms).
  void addParams(ParamTable& t, bool withBatchNorm);
  bool actorFrozen(double criticError) const { return freeze && criticError > freezeActorAbove; }
  bool criticFrozen(double criticError) const { return freeze && criticError < freezeCriticBelow; }
  template <class T>
  T target(T y) const { return labelSmoothing ? T((1.0 - smoothing) * double(y)) : y; }
  // Historical averaging: adds 2λ(θ − θ̄) to the gradients (before the optimiser step) and returns λ‖θ − θ̄‖², 0 when
  // off. Call `remember` after the step. `slot` keeps one running mean per parameter list (an agent with separate
  // actor and critic steps uses slots 0 and 1).
  double historicalPenalty(const std::vector<nn::Param<float>*>& params, int slot = 0);
  void remember(const std::vector<nn::Param<float>*>& params, int slot = 0);
  void resetState() { averages_.clear(); }
  // Checkpoints (core/checkpoint.hpp): each slot's running mean θ̄; `slots` are the parameter lists by slot, whose
  // shapes a reader checks θ̄ against.
  void persist(StateIO& io, const std::vector<std::vector<nn::Param<float>*>>& slots);

 private:
  std::vector<nn::HistoricalAverage<float>> averages_;
};

// Checkpoint helpers for networks' runtime state, shared by the actor-critic agents and the GAN:
// a matrix as its rows, cols and data (a reader refuses another shape than m's, sized by reset), and a historical
// average as its count and θ̄ (a reader checks θ̄ against the shapes of `params`, the list it averages).
void persistMatrix(StateIO& io, nn::Mat<float>& m, const char* what);
void persist(StateIO& io, nn::HistoricalAverage<float>& h, const std::vector<nn::Param<float>*>& params,
             const char* what);

// The lens's row for a switch: its parameter, origin and side.
struct AcTrickInfo {
  const char* param;
  const char* label;
  const char* origin;
  const char* side;
  const char* what;
};
const std::vector<AcTrickInfo>& acTrickTable();

// "the actor is frozen" and the like when an actor-critic trick skips a player's step, else `normal`.
inline std::string frozenPhase(bool actorFrozen, bool criticFrozen, std::string normal) {
  if (actorFrozen && criticFrozen) return "actor and critic are frozen";
  if (actorFrozen) return "the actor is frozen: updating the critic only";
  if (criticFrozen) return "the critic is frozen: updating the actor only";
  return normal;
}

}  // namespace rl
