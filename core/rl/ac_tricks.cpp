#include "core/rl/ac_tricks.hpp"

#include "core/checkpoint.hpp"

namespace rl {

void AcTricks::addParams(ParamTable& t, bool withBatchNorm) {
  using P = ParamType;
  t.add({.name = "freeze", .label = "freezing (GAN trick)", .type = P::Bool, .min = 0, .max = 1, .def = 0,
         .help = "GAN side, Table 1 of Pfau & Vinyals: the actor skips its step while the critic's RMS error is above "
                 "its threshold; the critic skips its step while its error is below its threshold"},
        &freeze);
  t.add({.name = "freeze_actor_above", .label = "freeze actor if err >", .type = P::Float, .min = 0, .max = 100,
         .def = 1.0, .help = "The critic's RMS error above which the actor waits", .logScale = false},
        &freezeActorAbove);
  t.add({.name = "freeze_critic_below", .label = "freeze critic if err <", .type = P::Float, .min = 0, .max = 100,
         .def = 0.0, .help = "The critic's RMS error below which the critic waits (0 = never)"},
        &freezeCriticBelow);
  t.add({.name = "label_smoothing", .label = "label smoothing (GAN trick)", .type = P::Bool, .min = 0, .max = 1,
         .def = 0,
         .help = "GAN side (Salimans et al. 2016), on the critic: its targets shrink y ← (1 − ε)·y, as D's real "
                 "label 1 → 1 − ε"},
        &labelSmoothing);
  t.add({.name = "smoothing_eps", .label = "smoothing ε", .type = P::Float, .min = 0, .max = 0.5, .def = 0.1,
         .help = "How much the critic's targets shrink"},
        &smoothing);
  t.add({.name = "hist_avg", .label = "historical avg (GAN trick)", .type = P::Bool, .min = 0, .max = 1, .def = 0,
         .help = "GAN side (Salimans et al. 2016), on actor and critic: the loss gains λ‖θ − θ_avg‖², θ_avg the running "
                 "mean of past parameters"},
        &histAvg);
  t.add({.name = "hist_lambda", .label = "historical λ", .type = P::Float, .min = 1e-6, .max = 1, .def = 1e-3,
         .help = "Weight of the historical-averaging penalty", .logScale = true},
        &histLambda);
  if (withBatchNorm)
    t.add({.name = "batch_norm", .label = "batch norm (GAN trick)", .type = P::Bool, .min = 0, .max = 1, .def = 0,
           .help = "GAN side (DCGAN, Radford et al. 2016), on actor and critic: hidden layers normalised over the "
                   "update's batch; acting uses the running statistics",
           .needsReset = true},
          &batchNorm);
  t.activeWhen("freeze_actor_above", "freeze=true");
  t.activeWhen("freeze_critic_below", "freeze=true");
  t.activeWhen("smoothing_eps", "label_smoothing=true");
  t.activeWhen("hist_lambda", "hist_avg=true");
}

double AcTricks::historicalPenalty(const std::vector<nn::Param<float>*>& params, int slot) {
  if (!histAvg) return 0.0;
  if (averages_.size() <= size_t(slot)) averages_.resize(size_t(slot) + 1);
  return double(averages_[size_t(slot)].penalty(params, float(histLambda)));
}

void AcTricks::remember(const std::vector<nn::Param<float>*>& params, int slot) {
  if (!histAvg) return;
  if (averages_.size() <= size_t(slot)) averages_.resize(size_t(slot) + 1);
  averages_[size_t(slot)].update(params);
}

// ---- Checkpoints ----

void AcTricks::persist(StateIO& io, const std::vector<std::vector<nn::Param<float>*>>& slots) {
  // Slots are made when first used, so fewer may exist than the agent has parameter lists.
  uint64_t n = averages_.size();
  io.bounded(n, uint64_t(slots.size()), "the number of historical averages");
  averages_.resize(size_t(n));
  for (size_t k = 0; k < averages_.size(); ++k) rl::persist(io, averages_[k], slots[k], "a historical average");
}

void persistMatrix(StateIO& io, nn::Mat<float>& m, const char* what) {
  int64_t rows = m.rows(), cols = m.cols();
  io.io(rows), io.io(cols);
  if (io.reading() && (rows != m.rows() || cols != m.cols()))
    io.fail(std::string(what) + " is " + std::to_string(rows) + "×" + std::to_string(cols) + ", this run's is " +
            std::to_string(m.rows()) + "×" + std::to_string(m.cols()));
  for (Eigen::Index k = 0; k < m.size(); ++k) io.io(m.data()[k]);
}

void persist(StateIO& io, nn::HistoricalAverage<float>& h, const std::vector<nn::Param<float>*>& params,
             const char* what) {
  long long count = h.count();
  io.io(count);
  if (io.reading() && count < 0) io.fail(std::string(what) + " has a negative count");
  // θ̄ holds one matrix per parameter from its first update on, none before.
  std::vector<nn::Mat<float>> mean = h.average();
  uint64_t n = mean.size();
  io.io(n);
  if (io.reading()) {
    if (n != (count > 0 ? params.size() : 0)) io.fail(std::string(what) + " does not fit the network");
    mean.clear();
    for (const nn::Param<float>* p : params)
      if (mean.size() < n) mean.push_back(nn::Mat<float>::Zero(p->value.rows(), p->value.cols()));
  }
  for (nn::Mat<float>& m : mean) persistMatrix(io, m, what);
  if (io.reading()) h.restore(std::move(mean), count);
}

const std::vector<AcTrickInfo>& acTrickTable() {
  static const std::vector<AcTrickInfo> kTable = {
      {"freeze", "freezing learning", "GAN practice (Salimans et al. 2016; Pfau & Vinyals Table 1)", "actor or critic",
       "the actor waits while the critic is still wrong; the critic waits once it is right enough"},
      {"label_smoothing", "label smoothing", "Salimans et al. 2016 (one-sided)", "critic",
       "the critic's targets shrink by ε: it never chases a return's full size"},
      {"hist_avg", "historical averaging", "Salimans et al. 2016", "actor and critic",
       "penalises drifting from the average of past parameters: damps the chase"},
      {"batch_norm", "batch normalisation", "DCGAN (Radford et al. 2016); DDPG used it too", "actor and critic",
       "hidden units normalised over the update's batch"},
  };
  return kTable;
}

}  // namespace rl
