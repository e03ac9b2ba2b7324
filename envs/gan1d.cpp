#include "envs/gan1d.hpp"

#include "core/checkpoint.hpp"

#include <cmath>
#include <cstdio>
#include <numbers>
#include <stdexcept>

namespace rl {

Target1d::Target1d(Kind kind) : kind_(kind) {
  switch (kind) {
    case Kind::Gaussian: modes_ = {{1.0, 4.0, 0.5}}; break;
    case Kind::TwoModes: modes_ = {{0.5, -2.0, 0.5}, {0.5, 2.0, 0.5}}; break;
    case Kind::ThreeModes: modes_ = {{1.0 / 3, -3.0, 0.5}, {1.0 / 3, 0.0, 0.5}, {1.0 / 3, 3.0, 0.5}}; break;
    case Kind::Uniform: break;
    case Kind::Drawn:  // a default painting: one bump, so the drawn target is valid before the user paints
      for (int i = 0; i < kBins; ++i) bins_[size_t(i)] = std::exp(-0.5 * std::pow((i - 40.0) / 4.0, 2));
      break;
  }
}

std::string Target1d::name() const {
  static const char* names[] = {"gaussian", "two-modes", "three-modes", "uniform", "drawn"};
  return names[int(kind_)];
}

double Target1d::sample(Rng& rng) const {
  switch (kind_) {
    case Kind::Uniform: return rng.uniform(-3.0, 3.0);
    case Kind::Drawn: {
      double total = 0;
      for (double w : bins_) total += w;
      double u = rng.uniform() * total;
      const double width = (kHi - kLo) / kBins;
      for (int i = 0; i < kBins; ++i) {
        if (u < bins_[size_t(i)] || i == kBins - 1) return kLo + (double(i) + rng.uniform()) * width;
        u -= bins_[size_t(i)];
      }
      return 0;
    }
    default: {
      double u = rng.uniform();
      for (const Mode& m : modes_) {
        if (u < m.weight || &m == &modes_.back()) return m.mean + m.sd * rng.normal();
        u -= m.weight;
      }
      return 0;
    }
  }
}

std::vector<double> Target1d::sample(Rng& rng, int n) const {
  std::vector<double> out(size_t(std::max(n, 0)));
  for (double& x : out) x = sample(rng);
  return out;
}

double Target1d::pdf(double x) const {
  switch (kind_) {
    case Kind::Uniform: return x >= -3.0 && x < 3.0 ? 1.0 / 6.0 : 0.0;
    case Kind::Drawn: {
      if (x < kLo || x >= kHi) return 0.0;
      double total = 0;
      for (double w : bins_) total += w;
      const double width = (kHi - kLo) / kBins;
      return bins_[size_t((x - kLo) / width)] / (total * width);
    }
    default: {
      double p = 0;
      for (const Mode& m : modes_) {
        const double z = (x - m.mean) / m.sd;
        p += m.weight * std::exp(-0.5 * z * z) / (m.sd * std::sqrt(2.0 * std::numbers::pi));
      }
      return p;
    }
  }
}

void Target1d::setBin(int bin, double weight) {
  if (bin < 0 || bin >= kBins) throw std::invalid_argument("gan1d: bin " + std::to_string(bin) + " is outside 0..63");
  if (!(weight >= 0.0 && std::isfinite(weight))) throw std::invalid_argument("gan1d: a bin weight must be ≥ 0");
  const double old = bins_[size_t(bin)];
  bins_[size_t(bin)] = weight;
  double total = 0;
  for (double w : bins_) total += w;
  if (total <= 0) {
    bins_[size_t(bin)] = old;
    throw std::invalid_argument("gan1d: the drawn density needs at least one bin above zero");
  }
}

Gan1d::Gan1d() {
  params_.add({"target", "target", ParamType::Choice, 0, 4, 0,
               "What the real samples follow: N(4, 0.5²), two or three Gaussian modes, U[−3, 3], or your drawing",
               false, false, {"gaussian", "two-modes", "three-modes", "uniform", "drawn"}},
              &targetIndex_);
  drawn_ = Target1d(Target1d::Kind::Drawn).bins();
  reset(uint64_t(0));
}

Target1d Gan1d::withBins(Target1d t) const {
  if (t.kind() == Target1d::Kind::Drawn)
    for (int i = 0; i < Target1d::kBins; ++i) t.setBin(i, drawn_[size_t(i)]);
  return t;
}

std::span<const float> Gan1d::reset(std::optional<uint64_t> seed) {
  if (seed) rng_.reseed(*seed);
  obs_ = 0.f;
  return observation();
}

StepResult Gan1d::stepContinuous(std::span<const double> action) {
  if (action.size() != 1) throw std::invalid_argument("gan1d: expected 1 action value (the sample x)");
  if (!std::isfinite(action[0])) throw std::invalid_argument("gan1d: the sample must be a finite number");
  const double x = std::clamp(action[0], Target1d::kLo, Target1d::kHi);
  lastReal_ = rng_.uniform() < 0.5;  // a fair coin: real or generated
  const double shown = lastReal_ ? target_.sample(rng_) : x;
  obs_ = float(std::clamp(shown, Target1d::kLo, Target1d::kHi));
  auto& keep = lastReal_ ? real_ : fake_;
  keep.push_back(obs_);
  if (keep.size() > 200) keep.pop_front();
  return {lastReal_ ? 1.0 : 0.0, true, false};
}

void Gan1d::edit(const EnvEdit& e) {
  if (e.op != "bin") throw std::invalid_argument("gan1d has no edit '" + e.op + "', expected bin");
  Target1d probe(Target1d::Kind::Drawn);
  for (int i = 0; i < Target1d::kBins; ++i) probe.setBin(i, drawn_[size_t(i)]);
  probe.setBin(e.index, e.value);  // validates
  drawn_[size_t(e.index)] = e.value;
  targetIndex_ = double(int(Target1d::Kind::Drawn));
  paramsChanged();
}

std::string Gan1d::stepDetail() const { return std::string("\"shown\":\"") + (lastReal_ ? "real" : "generated") + "\""; }

EnvInfo Gan1d::info() const {
  EnvInfo i{"gan1d", "GAN 1-D",
          "The actor proposes a number x. A fair coin decides what is shown: a real sample from the target "
          "distribution (reward 1) or the actor's x (reward 0). A critic predicting the reward of what it sees is a "
          "GAN discriminator; the actor gains when the critic takes its samples for real (Pfau & Vinyals 2016).",
          {"x"}};
  i.human.style = HumanPlay::Style::Pointer;
  i.human.hint = "right-click the axis to propose a sample";
  i.hasEpisodes = false;  // one sample per step: the step count is the iteration count
  return i;
}

RenderState Gan1d::renderState() const {
  Gan1dRenderState s;
  s.lo = Target1d::kLo;
  s.hi = Target1d::kHi;
  s.density.resize(256);
  for (size_t i = 0; i < s.density.size(); ++i)
    s.density[i] = float(target_.pdf(s.lo + (s.hi - s.lo) * (double(i) + 0.5) / double(s.density.size())));
  s.real.assign(real_.begin(), real_.end());
  s.fake.assign(fake_.begin(), fake_.end());
  s.target = target_.name();
  return s;
}

}  // namespace rl

namespace rl {

void Gan1d::persist(StateIO& io) {
  io.section("gan1d");
  io.io(targetIndex_);
  for (double& w : drawn_) io.io(w);
  io.io(rng_);
  io.io(obs_), io.io(lastReal_);
  for (std::deque<float>* d : {&real_, &fake_}) {
    std::vector<float> v(d->begin(), d->end());
    io.io(v);
    if (io.reading()) d->assign(v.begin(), v.end());
  }
  if (io.reading()) paramsChanged();  // the target follows the restored choice and drawing
}

}  // namespace rl
