#include "core/rl/policy_common.hpp"

#include <algorithm>
#include <cassert>
#include <cmath>
#include <cstdio>
#include <numbers>
#include <span>

#include "core/checkpoint.hpp"

namespace rl {

using nn::Mat;
using nn::RowVec;

namespace {
constexpr float kMaskedLogit = -1e9f;          // probability exactly 0 after the softmax, no inf/NaN in p·log p
constexpr float kLogStdMin = -5.f, kLogStdMax = 2.f;  // state-dependent log σ(s) is clamped to this range
}  // namespace

// ---- Networks ----

void PolicyModel::build(const Space& o, const Space& a, const PolicyNetConfig& c, Rng& rng) {
  cfg_ = c;
  const bool image = o.kind == Space::Kind::Box && o.shape.size() == 3;
  if (!image && cfg_.layers == 0) cfg_.sharedTrunk = false;  // no hidden layer: a linear (on one-hot: tabular) policy
  actSpace_ = a;
  continuous_ = a.kind == Space::Kind::Box;
  actSize_ = continuous_ ? int(a.flatSize()) : a.n;
  obsDim_ = o.kind == Space::Kind::Discrete ? 1 : int(o.flatSize());
  numStates_ = o.kind == Space::Kind::Discrete ? o.n : 0;
  const double sqrt2 = std::sqrt(2.0);
  // The trunk: one-hot/flat MLP, or the MinAtar conv trunk for H×W×C images. Returns its feature count.
  auto trunk = [&](nn::SequentialF& net) {
    if (o.kind == Space::Kind::Box && o.shape.size() == 3) {
      input_ = Input::Image;
      imgH_ = o.shape[0], imgW_ = o.shape[1], imgC_ = o.shape[2];
      const nn::ConvShape cs{imgC_, imgH_, imgW_, 16, 3, 1};
      net.add(nn::Conv2D<float>(cs, rng));
      net.add(nn::Activation<float>(nn::Act::ReLU));
      net.add(nn::Flatten<float>());
      auto& fc = net.add(nn::Linear<float>(cs.outputSize(), 128, rng));
      if (cfg_.orthogonal) nn::orthogonalInit(fc, sqrt2, rng);
      net.add(nn::Activation<float>(nn::Act::ReLU));
      inDim_ = cs.inputSize();
      return 128;
    }
    input_ = o.kind == Space::Kind::Discrete ? Input::OneHot : Input::Flat;
    inDim_ = input_ == Input::OneHot ? o.n : obsDim_;
    int in = inDim_;
    for (int l = 0; l < cfg_.layers; ++l) {
      auto& lin = net.add(nn::Linear<float>(in, cfg_.hidden, rng));
      if (cfg_.orthogonal) nn::orthogonalInit(lin, sqrt2, rng);
      if (cfg_.batchNorm) net.add(nn::BatchNorm<float>(cfg_.hidden));
      net.add(nn::Activation<float>(cfg_.activation));
      in = cfg_.hidden;
    }
    return in;
  };
  const int headOut = continuous_ ? (cfg_.stateDependentStd ? 2 * actSize_ : actSize_) : actSize_;
  auto head = [&](nn::SequentialF& net, int in, int out, double gain) {
    auto& lin = net.add(nn::Linear<float>(in, out, rng));
    if (cfg_.orthogonal) nn::orthogonalInit(lin, gain, rng);
    return &lin;
  };
  trunk_ = nn::SequentialF(), actor_ = nn::SequentialF(), critic_ = nn::SequentialF();
  nn::Linear<float>* policyHead = nullptr;
  if (cfg_.sharedTrunk) {
    const int f = trunk(trunk_);
    trunk_.setNeedsInputGrad(false);
    policyHead = head(actor_, f, headOut, 0.01);
    if (cfg_.critic) head(critic_, f, 1, 1.0);
  } else {
    const int f = trunk(actor_);
    policyHead = head(actor_, f, headOut, 0.01);
    actor_.setNeedsInputGrad(false);
    if (cfg_.critic) {
      const int fc = trunk(critic_);
      head(critic_, fc, 1, 1.0);
      critic_.setNeedsInputGrad(false);
    }
  }
  if (continuous_ && cfg_.stateDependentStd)  // the log σ rows start at logStdInit
    policyHead->bias.value.bottomRows(actSize_).setConstant(float(cfg_.logStdInit));
  logStd_ = nn::Param<float>(Mat<float>::Constant(continuous_ ? actSize_ : 0, 1, float(cfg_.logStdInit)));
  if (cfg_.batchNorm) setTraining(false);
}

void PolicyModel::setTraining(bool training) {
  trunk_.setTraining(training), actor_.setTraining(training), critic_.setTraining(training);
}

void PolicyModel::encode(const float* obs, float* dst) const {
  encodeObservation(input_, inDim_, imgH_, imgW_, imgC_, obs, dst);
}

Mat<float> PolicyModel::encodeBatch(const float* obs, int n) const {
  Mat<float> x(inDim_, n);
  for (int k = 0; k < n; ++k) encode(obs + size_t(k) * size_t(obsDim_), x.col(k).data());
  return x;
}

const PolicyModel::Output& PolicyModel::forward(const Mat<float>& x, const uint64_t* masks, bool withValue) {
  const Eigen::Index n = x.cols();
  const Mat<float>* in = &x;
  if (cfg_.sharedTrunk) {
    features_ = trunk_.forward(x);
    in = &features_;
  }
  const Mat<float>& h = actor_.forward(*in);
  if (continuous_ && cfg_.stateDependentStd) {
    out_.head = h.topRows(actSize_);
    out_.logStd = h.bottomRows(actSize_).cwiseMax(kLogStdMin).cwiseMin(kLogStdMax);
  } else if (continuous_) {
    out_.head = h;
    out_.logStd = logStd_.value.replicate(1, n);
  } else {
    out_.head = h;
    if (masks && actSize_ < 64)
      for (Eigen::Index k = 0; k < n; ++k)
        for (int a = 0; a < actSize_; ++a)
          if (!(masks[k] >> a & 1)) out_.head(a, k) = kMaskedLogit;
  }
  lastWithValue_ = withValue && cfg_.critic;
  if (lastWithValue_) out_.value = critic_.forward(*in);
  else out_.value.setZero(n);
  return out_;
}

// The actor's output rows are [μ; log σ] (state-dependent σ) or μ; a state-independent log σ is replicated over the
// batch in forward, so its gradient is the row sum. The clamp passes no gradient outside [kLogStdMin, kLogStdMax].
void PolicyModel::backward(const Mat<float>& dHead, const Mat<float>& dLogStd, const RowVec<float>& dValue) {
  Mat<float> dOut;
  if (continuous_ && cfg_.stateDependentStd) {
    dOut.resize(2 * actSize_, dHead.cols());
    dOut.topRows(actSize_) = dHead;
    dOut.bottomRows(actSize_) = dLogStd;
    for (Eigen::Index k = 0; k < dOut.cols(); ++k)
      for (int d = 0; d < actSize_; ++d) {
        const float l = out_.logStd(d, k);
        if (l <= kLogStdMin || l >= kLogStdMax) dOut(actSize_ + d, k) = 0.f;
      }
  } else {
    dOut = dHead;
    if (continuous_) logStd_.grad += dLogStd.rowwise().sum();
  }
  Mat<float> dFeatures = actor_.backward(dOut);
  if (dValue.size() > 0) {
    assert(lastWithValue_);
    const Mat<float>& dv = critic_.backward(dValue);
    if (cfg_.sharedTrunk) dFeatures += dv;
  }
  if (cfg_.sharedTrunk) trunk_.backward(dFeatures);
}

void PolicyModel::zeroGrad() {
  trunk_.zeroGrad(), actor_.zeroGrad(), critic_.zeroGrad();
  logStd_.zeroGrad();
}

std::vector<nn::Param<float>*> PolicyModel::actorParams() {
  std::vector<nn::Param<float>*> p = trunk_.params();
  for (auto* q : actor_.params()) p.push_back(q);
  if (continuous_ && !cfg_.stateDependentStd) p.push_back(&logStd_);
  return p;
}

std::vector<nn::Param<float>*> PolicyModel::criticParams() {
  std::vector<nn::Param<float>*> p = trunk_.params();
  for (auto* q : critic_.params()) p.push_back(q);
  return p;
}

std::vector<nn::Param<float>*> PolicyModel::params() {
  std::vector<nn::Param<float>*> p = actorParams();
  for (auto* q : critic_.params()) p.push_back(q);
  return p;
}

std::vector<nn::NamedTensor<float>> PolicyModel::tensors() {
  std::vector<nn::NamedTensor<float>> ts;
  const std::pair<const char*, nn::SequentialF*> nets[] = {{"trunk/", &trunk_}, {"actor/", &actor_},
                                                           {"critic/", &critic_}};
  for (const auto& [prefix, net] : nets)
    for (const auto& t : net->tensors()) ts.push_back({prefix + t.name, t.value});
  ts.push_back({"log_std", &logStd_.value});
  return ts;
}

std::string PolicyModel::firstNonFinite() const {
  char buf[200];
  auto scan = [&](const char* net, const std::string& name, const Mat<float>& v) {
    for (Eigen::Index k = 0; k < v.size(); ++k)
      if (!std::isfinite(v.data()[k])) {
        std::snprintf(buf, sizeof buf, "%s %s[%ld] = %g", net, name.c_str(), long(k), double(v.data()[k]));
        return true;
      }
    return false;
  };
  auto& self = const_cast<PolicyModel&>(*this);  // tensors() is non-const; nothing is modified
  const std::pair<const char*, nn::SequentialF*> nets[] = {{"trunk", &self.trunk_}, {"actor", &self.actor_},
                                                           {"critic", &self.critic_}};
  for (const auto& [label, net] : nets)
    for (const auto& t : net->tensors())
      if (scan(label, t.name, *t.value)) return buf;
  if (scan("actor", "log_std", logStd_.value)) return buf;
  return {};
}

// ---- Acting ----

ActSample PolicyModel::act(const float* obs, uint64_t mask, Rng& rng, int forcedAction) {
  if (forcedAction >= 0 && forcedAction < 64) mask |= 1ULL << forcedAction;  // a human's move is always possible
  Mat<float> x(inDim_, 1);
  encode(obs, x.data());
  const Output& o = forward(x, &mask, cfg_.critic);
  ActSample s;
  if (continuous_) {
    const nn::DiagGaussian<float> dist(o.head, o.logStd);
    const Mat<float> u = dist.sample(rng);
    s.logProb = dist.logProb(u)(0);
    s.actionC.assign(u.data(), u.data() + u.size());
    for (int d = 0; d < actSize_; ++d)  // clipped for the env only; the log-prob is of the unclipped sample
      s.envAction.push_back(std::clamp(double(u(d, 0)), actSpace_.low[size_t(d)], actSpace_.high[size_t(d)]));
  } else {
    const nn::Categorical<float> dist(o.head);
    s.action = forcedAction >= 0 ? forcedAction : dist.sample(rng)[0];
    s.logProb = dist.logProbs()(s.action, 0);
  }
  s.value = o.value.size() > 0 ? o.value(0) : 0.f;
  return s;
}

float PolicyModel::value(const float* obs) {
  if (!cfg_.critic) return 0.f;
  Mat<float> x(inDim_, 1);
  encode(obs, x.data());
  return forward(x, nullptr, true).value(0);
}

// ---- Advantage record ----

void AdvantageRecorder::push(float reward, float value) {
  if (current.rewards.size() >= kMaxSteps) {
    current.rewards.erase(current.rewards.begin());
    current.values.erase(current.values.begin());
  }
  current.rewards.push_back(reward);
  current.values.push_back(value);
}

void AdvantageRecorder::finish(bool terminated, float bootstrap) {
  current.terminated = terminated;
  current.bootstrap = terminated ? 0.f : bootstrap;
  last = std::move(current);
  current = {};
}

AdvantageInsight AdvantageRecorder::insight(AdvantageInsight::Estimator estimator, double gamma, double lambda,
                                            float bootstrapNow) const {
  AdvantageInsight a;
  a.estimator = estimator;
  a.gamma = gamma, a.lambda = lambda;
  a.last = last;
  a.current = current;
  a.current.terminated = false;
  a.current.bootstrap = bootstrapNow;
  return a;
}

// ---- Lens ----

void StateTrail::record(std::span<const float> o) {
  if (!on) return;
  if (obs.size() >= kMaxStates * o.size()) obs.erase(obs.begin(), obs.begin() + ptrdiff_t(o.size()));
  obs.insert(obs.end(), o.begin(), o.end());
}

void noteStateMask(PolicyLensCache& cache, const PolicyModel& m, const float* obs, uint64_t mask) {
  if (m.input() != PolicyModel::Input::OneHot) return;
  if (int(cache.stateMasks.size()) != m.numStates()) cache.stateMasks.assign(size_t(m.numStates()), ~0ULL);
  cache.stateMasks[size_t(std::clamp(int(obs[0]), 0, m.numStates() - 1))] = mask;
}

PolicyInsight makePolicyInsight(PolicyModel& m, const float* obs, uint64_t mask, const ActSample& chosen,
                                PolicyLensCache& cache, uint64_t updates) {
  PolicyInsight pi;
  Mat<float> x(m.inDim(), 1);
  m.encode(obs, x.data());
  const PolicyModel::Output& o = m.forward(x, &mask, true);
  pi.continuous = m.continuous();
  if (m.continuous()) {
    const nn::DiagGaussian<float> dist(o.head, o.logStd);
    pi.mean = o.head(0, 0);
    pi.std = std::exp(double(o.logStd(0, 0)));
    pi.low = m.actionSpace().low[0], pi.high = m.actionSpace().high[0];
    pi.sampled = chosen.actionC.empty() ? pi.mean : chosen.actionC[0];
    pi.entropy = dist.entropy()(0);
  } else {
    const nn::Categorical<float> dist(o.head);
    pi.probs.assign(dist.probs().data(), dist.probs().data() + dist.probs().size());
    pi.chosen = chosen.action;
    pi.entropy = dist.entropy()(0);
  }
  pi.hasValue = m.hasCritic();
  pi.value = pi.hasValue ? o.value(0) : 0.0;
  const int n = m.numStates(), A = m.actionSize();
  if (m.input() == PolicyModel::Input::OneHot && n <= 400 && !m.continuous()) {
    if (cache.tableAt != updates) {  // every state in one batch; masks as last seen in each state
      if (int(cache.stateMasks.size()) != n) cache.stateMasks.assign(size_t(n), ~0ULL);
      const PolicyModel::Output& o = m.forward(Mat<float>::Identity(n, n), cache.stateMasks.data(), m.hasCritic());
      const nn::Categorical<float> all(o.head);
      cache.table.assign(all.probs().data(), all.probs().data() + all.probs().size());  // index s·A + a
      if (m.hasCritic()) cache.values.assign(o.value.data(), o.value.data() + o.value.size());
      else cache.values.clear();
      cache.tableAt = updates;
    }
    pi.numStates = n, pi.numActions = A;
    pi.table = cache.table;
    pi.values = cache.values;
  }
  return pi;
}

bool makePolicyPlaneMap(PolicyModel& m, const Env& env, const StateTrail& trail, PolicyLensCache& cache,
                        uint64_t updates, PlaneMap& out) {
  const std::optional<StatePlane> plane = env.statePlane();
  if (!plane || m.input() != PolicyModel::Input::Flat) return false;
  const int n = kPolicyMapSize, cells = n * n;
  const size_t d = size_t(m.obsDim());
  if (cache.mapAt != updates || cache.map.nx != n) {
    std::vector<float> obs(size_t(cells) * d);
    for (int j = 0; j < n; ++j)
      for (int i = 0; i < n; ++i) {
        const double x = plane->xMin + (plane->xMax - plane->xMin) * (i + 0.5) / n;
        const double y = plane->yMin + (plane->yMax - plane->yMin) * (j + 0.5) / n;
        env.observationAt(x, y, std::span<float>(&obs[(size_t(j) * size_t(n) + size_t(i)) * d], d));
      }
    const PolicyModel::Output& o = m.forward(m.encodeBatch(obs.data(), cells), nullptr, true);
    PlaneMap& map = cache.map;
    map.nx = map.ny = n;
    map.layers.clear();
    if (m.continuous()) {
      map.layers.push_back({"mean μ(s)", std::vector<float>(o.head.row(0).data(), o.head.row(0).data() + cells)});
      PlaneLayer sigma{"σ(s)", std::vector<float>(size_t(cells))};
      for (int c = 0; c < cells; ++c) sigma.values[size_t(c)] = std::exp(o.logStd(0, c));
      map.layers.push_back(std::move(sigma));
    } else {
      PlaneLayer mode{"most likely action argmax π(a|s)", std::vector<float>(size_t(cells))};
      for (int c = 0; c < cells; ++c) {
        Eigen::Index k;
        o.head.col(c).maxCoeff(&k);
        mode.values[size_t(c)] = float(k);
      }
      map.layers.push_back(std::move(mode));
    }
    if (m.hasCritic()) map.layers.push_back({"V(s)", std::vector<float>(o.value.data(), o.value.data() + cells)});
    cache.mapAt = updates;
  }
  out = cache.map;
  out.xLabel = plane->xLabel, out.yLabel = plane->yLabel;
  out.xMin = plane->xMin, out.xMax = plane->xMax, out.yMin = plane->yMin, out.yMax = plane->yMax;
  out.trail.clear();
  for (size_t k = 0; k + d <= trail.obs.size(); k += d) {
    const auto [x, y] = env.planePoint(std::span<const float>(&trail.obs[k], d));
    out.trail.push_back(float(x));
    out.trail.push_back(float(y));
  }
  return true;
}

void addTrueValues(const Env& env, double gamma, Insights& out) {
  if (!out.policy || out.policy->table.empty() || out.policy->values.empty()) return;
  const std::vector<double> v = env.evaluatePolicy(out.policy->table, gamma);
  out.policy->valuesTrue.assign(v.begin(), v.end());
}

std::string policyNetUnsupported(const Env& env, const std::string& algo) {
  const Space o = env.observationSpace(), a = env.actionSpace();
  if (a.kind == Space::Kind::Box && a.shape.size() != 1) return algo + "'s Gaussian needs Box(d,) actions; got " + a.describe();
  if (o.kind == Space::Kind::Discrete) return o.n <= 100000 ? "" : "the one-hot input would exceed 100k units";
  if (o.shape.size() == 1) return {};
  if (o.shape.size() == 3 && o.shape[0] >= 3 && o.shape[1] >= 3) return {};
  return algo + " builds an MLP for Box(d,) or a conv trunk for Box(H, W, C); this env observes " + o.describe();
}

// ---- Checkpoints ----

void ActSample::persist(StateIO& io, const PolicyModel& m) {
  io.io(action);
  io.io(actionC), io.io(envAction);
  io.io(logProb), io.io(value);
  if (!io.reading()) return;
  const size_t d = m.continuous() ? size_t(m.actionSize()) : 0;
  if (!m.continuous() && (action < 0 || action >= m.actionSize()))
    io.fail("a decided action is outside the action space");
  if (actionC.size() != d || envAction.size() != d) io.fail("a decided action has the wrong size");
}

void PolicyModel::persistTensors(StateIO& io) {
  for (const nn::NamedTensor<float>& t : tensors()) {
    std::vector<float> v(t.value->data(), t.value->data() + t.value->size());
    io.fixed(v, t.name.c_str());
    if (io.reading()) std::copy(v.begin(), v.end(), t.value->data());
  }
}

void StateTrail::persist(StateIO& io, int obsDim) {
  io.io(obs);
  if (io.reading() && (obs.size() % size_t(obsDim) != 0 || obs.size() > kMaxStates * size_t(obsDim)))
    io.fail("the trail's states do not fit the observation");
}

void AdvantageRecorder::persist(StateIO& io) {
  for (AdvantageEpisode* e : {&current, &last}) {
    io.io(e->rewards), io.io(e->values), io.io(e->terminated), io.io(e->bootstrap);
    if (io.reading() && (e->rewards.size() != e->values.size() || e->rewards.size() > kMaxSteps))
      io.fail("an advantage record does not fit (rewards and values differ, or too long)");
  }
}

void persist(StateIO& io, RatioInsight& r) {
  io.io(r.objective);
  if (io.reading() && (int(r.objective) < 0 || r.objective > RatioInsight::Objective::Reinforce))
    io.fail("the ratio lens's objective is unknown");
  io.io(r.clipCoef), io.io(r.beta), io.io(r.targetKl);
  io.io(r.ratios), io.io(r.advantages);
  if (io.reading() && r.ratios.size() != r.advantages.size()) io.fail("the ratio lens's ratios and advantages differ");
  io.io(r.epochClipfrac), io.io(r.epochKl);
  io.io(r.epochsPlanned), io.io(r.earlyStopped), io.io(r.updates);
  RatioSample& x = r.sample;
  io.io(x.logProb), io.io(x.logProbOld), io.io(x.ratio), io.io(x.advantage), io.io(x.surr1), io.io(x.surr2);
  io.io(x.objective), io.io(x.clipped), io.io(x.action), io.io(x.actionValue);
}

}  // namespace rl
