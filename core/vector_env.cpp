#include "core/vector_env.hpp"

#include <algorithm>
#include <stdexcept>
#include <string>

#include "core/checkpoint.hpp"

namespace rl {

VectorEnv::VectorEnv(const std::function<std::unique_ptr<Env>()>& make, int n) {
  if (n < 1) throw std::invalid_argument("VectorEnv: need at least one copy");
  for (int i = 0; i < n; ++i) envs_.push_back(make());
  obsDim_ = int(envs_[0]->observationSpace().flatSize());
  obs_.assign(size_t(n) * size_t(obsDim_), 0.f);
  finalObs_ = obs_;
  rewards_.assign(size_t(n), 0.0);
  terminated_.assign(size_t(n), 0);
  truncated_.assign(size_t(n), 0);
}

void VectorEnv::reset(uint64_t baseSeed) {
  for (int i = 0; i < size(); ++i) {
    const auto o = envs_[size_t(i)]->reset(baseSeed + uint64_t(i));
    std::copy(o.begin(), o.end(), obs_.begin() + long(i) * obsDim_);
  }
  std::fill(rewards_.begin(), rewards_.end(), 0.0);
  std::fill(terminated_.begin(), terminated_.end(), 0);
  std::fill(truncated_.begin(), truncated_.end(), 0);
}

void VectorEnv::after(int i, const StepResult& r) {
  Env& e = *envs_[size_t(i)];
  rewards_[size_t(i)] = r.reward;
  terminated_[size_t(i)] = r.terminated;
  truncated_[size_t(i)] = r.truncated;
  auto o = e.observation();
  if (r.terminated || r.truncated) {
    std::copy(o.begin(), o.end(), finalObs_.begin() + long(i) * obsDim_);
    o = e.reset();  // auto-reset: the row holds the next episode's first observation
  }
  std::copy(o.begin(), o.end(), obs_.begin() + long(i) * obsDim_);
}

void VectorEnv::step(std::span<const int> actions) {
  if (int(actions.size()) != size()) throw std::invalid_argument("VectorEnv::step: one action per copy expected");
  for (int i = 0; i < size(); ++i) after(i, envs_[size_t(i)]->step(actions[size_t(i)]));
}

void VectorEnv::stepOne(int i, int action) { after(i, envs_[size_t(i)]->step(action)); }

void VectorEnv::stepOneContinuous(int i, std::span<const double> action) {
  after(i, envs_[size_t(i)]->stepContinuous(action));
}

void VectorEnv::stepContinuous(std::span<const double> actions) {
  const size_t dim = envs_[0]->actionSpace().flatSize();
  if (actions.size() != dim * size_t(size()))
    throw std::invalid_argument("VectorEnv::stepContinuous: expected " + std::to_string(dim * size_t(size())) +
                                " values");
  for (int i = 0; i < size(); ++i) after(i, envs_[size_t(i)]->stepContinuous(actions.subspan(size_t(i) * dim, dim)));
}

void VectorEnv::persist(StateIO& io) {
  io.sameCount(size_t(size()), "env copies");
  for (auto& e : envs_) e->persist(io);
  io.fixed(obs_, "the copies' observations"), io.fixed(finalObs_, "the copies' final observations");
  io.fixed(rewards_, "the copies' rewards");
  io.fixed(terminated_, "the copies' terminations"), io.fixed(truncated_, "the copies' truncations");
}

}  // namespace rl
