#include "core/rl/gan_common.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <numbers>
#include <stdexcept>

#include "core/checkpoint.hpp"
#include "core/wrapper.hpp"

namespace rl::gan {

const char* lossName(Loss loss) {
  switch (loss) {
    case Loss::Minimax: return "minimax";
    case Loss::NonSaturating: return "non-saturating";
    case Loss::LeastSquares: return "least-squares";
    case Loss::WganClip: return "wgan-clip";
    case Loss::WganGp: return "wgan-gp";
  }
  return "?";
}

// ---- Losses ----

namespace {
template <class T>
T softplus(T v) {  // log(1 + e^v) without overflow
  return std::max(v, T(0)) + std::log1p(std::exp(-std::abs(v)));
}
template <class T>
T sigmoid(T v) {
  return T(1) / (T(1) + std::exp(-v));
}
}  // namespace

template <class T>
DLoss<T> discriminatorLoss(Loss loss, const Mat<T>& dReal, const Mat<T>& dFake, T realLabel) {
  const T nr = T(dReal.cols()), nf = T(dFake.cols());
  DLoss<T> out;
  switch (loss) {
    case Loss::Minimax:
    case Loss::NonSaturating: {  // ½[BCE(D(x), t) + BCE(D(x̃), 0)]: ∂/∂D = ½(σ(D) − label)/B
      const nn::Loss<T> r = nn::bceWithLogits<T>(dReal, Mat<T>::Constant(1, dReal.cols(), realLabel));
      const nn::Loss<T> f = nn::bceWithLogits<T>(dFake, Mat<T>::Zero(1, dFake.cols()));
      out.loss = T(0.5) * (r.loss + f.loss);
      out.dReal = T(0.5) * r.grad;
      out.dFake = T(0.5) * f.grad;
      break;
    }
    case Loss::LeastSquares: {  // ½E(D(x) − t)² + ½E D(x̃)²
      const Mat<T> er = dReal.array() - realLabel;
      out.loss = T(0.5) * er.squaredNorm() / nr + T(0.5) * dFake.squaredNorm() / nf;
      out.dReal = er / nr;
      out.dFake = dFake / nf;
      break;
    }
    case Loss::WganClip:
    case Loss::WganGp:  // E D(x̃) − E D(x)
      out.loss = dFake.sum() / nf - dReal.sum() / nr;
      out.dReal = Mat<T>::Constant(1, dReal.cols(), T(-1) / nr);
      out.dFake = Mat<T>::Constant(1, dFake.cols(), T(1) / nf);
      break;
  }
  return out;
}

template <class T>
GLoss<T> generatorLoss(Loss loss, const Mat<T>& d) {
  const T n = T(d.cols());
  GLoss<T> out;
  out.dFake.resize(1, d.cols());
  for (Eigen::Index j = 0; j < d.cols(); ++j) {
    const T v = d(0, j);
    switch (loss) {
      case Loss::Minimax:  // log(1 − σ(v)) = −softplus(v);  ∂/∂v = −σ(v)
        out.loss -= softplus(v) / n;
        out.dFake(0, j) = -sigmoid(v) / n;
        break;
      case Loss::NonSaturating:  // −log σ(v) = softplus(−v);  ∂/∂v = σ(v) − 1
        out.loss += softplus(-v) / n;
        out.dFake(0, j) = (sigmoid(v) - T(1)) / n;
        break;
      case Loss::LeastSquares:  // ½(v − 1)²
        out.loss += T(0.5) * (v - T(1)) * (v - T(1)) / n;
        out.dFake(0, j) = (v - T(1)) / n;
        break;
      case Loss::WganClip:
      case Loss::WganGp:  // −v
        out.loss -= v / n;
        out.dFake(0, j) = T(-1) / n;
        break;
    }
  }
  return out;
}

// In the log domain, so an isolated sample (p̂ underflowing) keeps a finite value and gradient:
//   log p̂ᵢ = logsumexp_{j≠i}(−(xᵢ − xⱼ)²/2h²) − log((B − 1)·h·√(2π))
//   ∂log p̂ᵢ/∂xᵢ = Σ_{j≠i} wᵢⱼ·(−(xᵢ − xⱼ)/h²),   ∂log p̂ᵢ/∂x_k = wᵢₖ·(xᵢ − x_k)/h²  (k ≠ i),
// wᵢⱼ the softmax over j ≠ i of the exponents (each kernel's share of p̂ᵢ). Ĥ = −(1/B)Σᵢ log p̂ᵢ.
template <class T>
Entropy<T> kdeEntropy(const Mat<T>& x, T bandwidth) {
  const Eigen::Index n = x.cols();
  if (n < 2) throw std::invalid_argument("kdeEntropy: needs at least 2 samples");
  const double h2 = double(bandwidth) * double(bandwidth);
  const double logNorm = std::log(double(n - 1) * double(bandwidth) * std::sqrt(2.0 * std::numbers::pi));
  std::vector<double> e(size_t(n * n)), grad(size_t(n), 0.0);
  double total = 0;
  for (Eigen::Index i = 0; i < n; ++i) {
    double mx = -1e300;
    for (Eigen::Index j = 0; j < n; ++j) {
      const double dd = double(x(0, i)) - double(x(0, j));
      e[size_t(i * n + j)] = -dd * dd / (2 * h2);
      if (j != i) mx = std::max(mx, e[size_t(i * n + j)]);
    }
    double s = 0;
    for (Eigen::Index j = 0; j < n; ++j)
      if (j != i) s += std::exp(e[size_t(i * n + j)] - mx);
    total += mx + std::log(s) - logNorm;  // log p̂ᵢ
    for (Eigen::Index j = 0; j < n; ++j) {
      if (j == i) continue;
      const double w = std::exp(e[size_t(i * n + j)] - mx) / s;
      const double slope = w * (double(x(0, i)) - double(x(0, j))) / h2;
      grad[size_t(i)] -= slope;  // ∂log p̂ᵢ/∂xᵢ
      grad[size_t(j)] += slope;  // ∂log p̂ᵢ/∂xⱼ
    }
  }
  Entropy<T> out;
  out.value = T(-total / double(n));
  out.grad.resize(1, n);
  for (Eigen::Index k = 0; k < n; ++k) out.grad(0, k) = T(-grad[size_t(k)] / double(n));
  return out;
}

// ---- The networks ----

template <class T>
Net<T>::Net(const NetConfig& cfg, Rng& rng) : cfg_(cfg) {
  if (cfg.layers < 1) throw std::invalid_argument("gan: a network needs at least one hidden layer");
  int width = cfg.in;
  for (int l = 0; l < cfg.layers; ++l) {
    lin_.emplace_back(width, cfg.hidden, rng);
    if (l == 0 && width == 1 && cfg.kinkSpread > 0)
      for (int i = 0; i < cfg.hidden; ++i)
        lin_[0].bias.value(i, 0) =
            T(-double(lin_[0].weight.value(i, 0)) * rng.uniform(-cfg.kinkSpread, cfg.kinkSpread));
    bn_.emplace_back(cfg.hidden);
    vbn_.emplace_back(cfg.hidden);
    act_.emplace_back(cfg.act, T(0.2));
    width = cfg.hidden;
  }
  lin_.emplace_back(width, cfg.out, rng);
  if (cfg.mbdKernels > 0) {
    mbd_.emplace(width, cfg.mbdKernels, cfg.mbdKernelDim, rng);
    mbdHead_.emplace(cfg.mbdKernels, cfg.out, rng);
  }
}

// Virtual batch norm: the reference batch through the current weights, each VBN layer taking its statistics there.
template <class T>
void Net<T>::referencePass() {
  Mat<T> h = ref_;
  for (size_t l = 0; l + 1 < lin_.size(); ++l) {
    h = lin_[l].forward(h);
    if (normAt(l)) {
      vbn_[l].setReference(h);
      h = vbn_[l].forward(h);
    }
    h = act_[l].forward(h);
  }
}

template <class T>
const Mat<T>& Net<T>::forward(const Mat<T>& x) {
  if (norm == Norm::Virtual) {
    if (ref_.size() == 0) ref_ = x;  // no reference given: the first batch seen
    referencePass();
  }
  const Mat<T>* h = &x;
  for (size_t l = 0; l + 1 < lin_.size(); ++l) {
    h = &lin_[l].forward(*h);
    if (normAt(l)) h = norm == Norm::Batch ? &bn_[l].forward(*h) : &vbn_[l].forward(*h);
    h = &act_[l].forward(*h);
  }
  out_ = lin_.back().forward(*h);
  if (minibatchDisc && mbd_) {
    const Mat<T>& m = mbd_->forward(*h);  // [f; o(f)]
    out_ += mbdHead_->forward(m.bottomRows(cfg_.mbdKernels));
  }
  return out_;
}

template <class T>
const Mat<T>& Net<T>::backward(const Mat<T>& dOut) {
  dFeat_ = lin_.back().backward(dOut);
  if (minibatchDisc && mbd_) {
    dM_.setZero(cfg_.hidden + cfg_.mbdKernels, dOut.cols());
    dM_.bottomRows(cfg_.mbdKernels) = mbdHead_->backward(dOut);
    dFeat_ += mbd_->backward(dM_);
  }
  const Mat<T>* d = &dFeat_;
  for (size_t l = lin_.size() - 1; l-- > 0;) {
    d = &act_[l].backward(*d);
    if (normAt(l)) d = norm == Norm::Batch ? &bn_[l].backward(*d) : &vbn_[l].backward(*d);
    d = &lin_[l].backward(*d);
  }
  return *d;
}

namespace {
// σ(u), σ′(u), σ″(u) element-wise for the activations a penalised network may use.
template <class T>
void activationDerivatives(nn::Act act, const Mat<T>& u, Mat<T>& h, Mat<T>& s1, Mat<T>* s2) {
  switch (act) {
    case nn::Act::Tanh: {
      h = u.array().tanh();
      s1 = T(1) - h.array().square();
      if (s2) *s2 = T(-2) * h.array() * s1.array();
      return;
    }
    case nn::Act::LeakyReLU: {
      h = u.array().max(T(0.2) * u.array());
      s1 = (u.array() > T(0)).select(Mat<T>::Ones(u.rows(), u.cols()), Mat<T>::Constant(u.rows(), u.cols(), T(0.2)));
      if (s2) s2->setZero(u.rows(), u.cols());
      return;
    }
    case nn::Act::ReLU: {
      h = u.array().max(T(0));
      s1 = (u.array() > T(0)).template cast<T>();
      if (s2) s2->setZero(u.rows(), u.cols());
      return;
    }
    default: throw std::invalid_argument("gan: the gradient penalties support relu, leaky_relu and tanh");
  }
}
}  // namespace

// Forward mode along x: u = W h + b, u̇ = W ḣ; h′ = σ(u), ḣ′ = σ′(u)⊙u̇; D′ = W_o ḣ_L. (ḣ₀ = 1: the input is 1-D.)
template <class T>
const Mat<T>& Net<T>::forwardTangent(const Mat<T>& x) {
  const size_t L = lin_.size() - 1;
  u_.resize(L), du_.resize(L), h_.resize(L + 1), dh_.resize(L + 1);
  h_[0] = x;
  dh_[0] = Mat<T>::Ones(x.rows(), x.cols());
  Mat<T> s1;
  for (size_t l = 0; l < L; ++l) {
    u_[l].noalias() = lin_[l].weight.value * h_[l];
    u_[l].colwise() += lin_[l].bias.value.col(0);
    du_[l].noalias() = lin_[l].weight.value * dh_[l];
    activationDerivatives<T>(cfg_.act, u_[l], h_[l + 1], s1, nullptr);
    dh_[l + 1] = s1.cwiseProduct(du_[l]);
  }
  yDot_.noalias() = lin_[L].weight.value * dh_[L];
  return yDot_;
}

// Reverse mode through the tangent pass, with h̄ = ∂P/∂h and ḣ̄ = ∂P/∂ḣ (P depends on the output only through D′):
//   output:      ∂P/∂W_o += g·ḣ_Lᵀ,            h̄_L = 0,  ḣ̄_L = W_oᵀ g
//   activation:  ū = h̄⊙σ′(u) + ḣ̄⊙σ″(u)⊙u̇,   u̇̄ = ḣ̄⊙σ′(u)
//   linear:      ∂P/∂W += ū hᵀ + u̇̄ ḣᵀ,  ∂P/∂b += Σ ū,   h̄ = Wᵀū,  ḣ̄ = Wᵀu̇̄
template <class T>
void Net<T>::penaltyBackward(const Mat<T>& g) {
  const size_t L = lin_.size() - 1;
  lin_[L].weight.grad.noalias() += g * dh_[L].transpose();
  Mat<T> hBar = Mat<T>::Zero(dh_[L].rows(), dh_[L].cols());
  Mat<T> dhBar = lin_[L].weight.value.transpose() * g;
  Mat<T> h, s1, s2, uBar, duBar;
  for (size_t l = L; l-- > 0;) {
    activationDerivatives<T>(cfg_.act, u_[l], h, s1, &s2);
    duBar = dhBar.cwiseProduct(s1);
    uBar = hBar.cwiseProduct(s1) + dhBar.cwiseProduct(s2).cwiseProduct(du_[l]);
    lin_[l].weight.grad.noalias() += uBar * h_[l].transpose();
    lin_[l].weight.grad.noalias() += duBar * dh_[l].transpose();
    lin_[l].bias.grad += uBar.rowwise().sum();
    if (l > 0) {
      hBar.noalias() = lin_[l].weight.value.transpose() * uBar;
      dhBar.noalias() = lin_[l].weight.value.transpose() * duBar;
    }
  }
}

template <class T>
void Net<T>::setTraining(bool training) {
  for (auto& b : bn_) b.setTraining(training);
}

template <class T>
void Net<T>::zeroGrad() {
  nn::zeroGrad(params());
}

template <class T>
std::vector<nn::Param<T>*> Net<T>::params() {
  std::vector<nn::Param<T>*> ps;
  for (auto& l : lin_) ps.insert(ps.end(), {&l.weight, &l.bias});
  for (auto& b : bn_) ps.insert(ps.end(), {&b.gamma, &b.beta});
  for (auto& v : vbn_) ps.insert(ps.end(), {&v.gamma, &v.beta});
  if (mbd_) ps.insert(ps.end(), {&mbd_->weight, &mbdHead_->weight, &mbdHead_->bias});
  return ps;
}

template <class T>
std::vector<Mat<T>*> Net<T>::tensors() {
  std::vector<Mat<T>*> ts;
  for (nn::Param<T>* p : params()) ts.push_back(&p->value);
  for (auto& b : bn_) ts.insert(ts.end(), {&b.runningMean, &b.runningVar});
  return ts;
}

template <class T>
void polyak(Net<T>& target, Net<T>& source, double tau) {
  const std::vector<Mat<T>*> dst = target.tensors(), src = source.tensors();
  const T t = T(tau);
  for (size_t i = 0; i < dst.size(); ++i) *dst[i] = t * *src[i] + (T(1) - t) * *dst[i];
}

template class Net<float>;
template class Net<double>;
template void polyak(Net<float>&, Net<float>&, double);
template void polyak(Net<double>&, Net<double>&, double);
template DLoss<float> discriminatorLoss(Loss, const Mat<float>&, const Mat<float>&, float);
template DLoss<double> discriminatorLoss(Loss, const Mat<double>&, const Mat<double>&, double);
template GLoss<float> generatorLoss(Loss, const Mat<float>&);
template GLoss<double> generatorLoss(Loss, const Mat<double>&);
template Entropy<float> kdeEntropy(const Mat<float>&, float);
template Entropy<double> kdeEntropy(const Mat<double>&, double);

// ---- The target ----

double TargetTable::cdfAt(double x) const {
  if (pdf.empty() || x <= lo) return 0.0;
  if (x >= hi) return 1.0;
  const double w = dx();
  const size_t i = std::min(pdf.size() - 1, size_t((x - lo) / w));
  return cdf[i] + pdf[i] * (x - (lo + double(i) * w));
}

// Modes: strict local maxima of the pdf (a plateau counts once) of at least 10 % of the highest; two neighbours are
// one mode unless the pdf between them falls below half of the lower peak. Fewer than 2: no mode read-out.
TargetTable readTarget(const Env& env) {
  TargetTable t;
  const RenderState rs = env.renderState();
  const auto* g = std::get_if<Gan1dRenderState>(&rs);
  if (!g || g->density.empty()) return t;
  t.lo = g->lo, t.hi = g->hi, t.name = g->target;
  const size_t n = g->density.size();
  t.pdf.assign(g->density.begin(), g->density.end());
  double total = 0;
  for (double p : t.pdf) total += p;
  for (double& p : t.pdf) p /= total * t.dx();
  t.cdf.assign(n + 1, 0.0);
  for (size_t i = 0; i < n; ++i) t.cdf[i + 1] = t.cdf[i] + t.pdf[i] * t.dx();
  t.cdf[n] = 1.0;
  const double top = *std::max_element(t.pdf.begin(), t.pdf.end());
  std::vector<size_t> peaks;
  for (size_t i = 0; i < n; ++i) {
    const bool rises = i == 0 || t.pdf[i] > t.pdf[i - 1], holds = i + 1 == n || t.pdf[i] >= t.pdf[i + 1];
    if (!rises || !holds || t.pdf[i] < 0.1 * top) continue;
    if (!peaks.empty()) {
      const size_t a = peaks.back();
      const double valley = *std::min_element(t.pdf.begin() + long(a), t.pdf.begin() + long(i) + 1);
      if (valley > 0.5 * std::min(t.pdf[a], t.pdf[i])) {
        if (t.pdf[i] > t.pdf[a]) peaks.back() = i;
        continue;
      }
    }
    peaks.push_back(i);
  }
  if (peaks.size() >= 2) {
    for (size_t i : peaks) t.modes.push_back(t.lo + (double(i) + 0.5) * t.dx());
    for (size_t k = 1; k < t.modes.size(); ++k)
      t.modeRadius = std::min(t.modeRadius, 0.5 * (t.modes[k] - t.modes[k - 1]));
  }
  return t;
}

Env& unwrapped(Env& env) {
  if (auto* w = dynamic_cast<Wrapper*>(&env)) return w->unwrapped();
  return env;
}

// ---- Read-outs ----

// Between consecutive breakpoints (samples and cell edges) F_G is a constant c and F_T is linear, so the integral of
// |c − F_T| is a trapezoid, or two triangles when the difference changes sign.
double wasserstein1(const std::vector<double>& s, const TargetTable& t) {
  if (s.empty() || t.pdf.empty()) return 0.0;
  if (!std::all_of(s.begin(), s.end(), [](double v) { return std::isfinite(v); }))
    return std::numeric_limits<double>::quiet_NaN();
  const double n = double(s.size());
  std::vector<double> edges(t.pdf.size() + 1);
  for (size_t i = 0; i < edges.size(); ++i) edges[i] = t.lo + double(i) * t.dx();
  double x = std::min(s.front(), t.lo), total = 0;
  size_t i = 0, e = 0;
  while (i < s.size() && s[i] <= x) ++i;
  while (e < edges.size() && edges[e] <= x) ++e;
  while (i < s.size() || e < edges.size()) {
    const double next = std::min(i < s.size() ? s[i] : 1e300, e < edges.size() ? edges[e] : 1e300);
    const double c = double(i) / n;
    const double a0 = c - t.cdfAt(x), a1 = c - t.cdfAt(next), len = next - x;
    if ((a0 >= 0) == (a1 >= 0)) total += len * 0.5 * (std::abs(a0) + std::abs(a1));
    else total += len * 0.5 * (a0 * a0 + a1 * a1) / (std::abs(a0) + std::abs(a1));
    x = next;
    while (i < s.size() && s[i] <= x) ++i;
    while (e < edges.size() && edges[e] <= x) ++e;
  }
  return total;
}

double jensenShannon(const std::vector<double>& samples, const TargetTable& t, int bins) {
  if (samples.empty() || t.pdf.empty()) return 0.0;
  if (!std::all_of(samples.begin(), samples.end(), [](double v) { return std::isfinite(v); }))
    return std::numeric_limits<double>::quiet_NaN();
  const double w = (t.hi - t.lo) / bins;
  std::vector<double> q(size_t(bins), 0.0);
  for (double x : samples)
    q[size_t(std::clamp(int(std::floor((x - t.lo) / w)), 0, bins - 1))] += 1.0 / double(samples.size());
  double js = 0;
  for (int k = 0; k < bins; ++k) {
    const double p = t.cdfAt(t.lo + (k + 1) * w) - t.cdfAt(t.lo + k * w), m = 0.5 * (p + q[size_t(k)]);
    if (p > 0) js += 0.5 * p * std::log(p / m);
    if (q[size_t(k)] > 0) js += 0.5 * q[size_t(k)] * std::log(q[size_t(k)] / m);
  }
  return std::max(js, 0.0);
}

std::vector<double> modeMasses(const std::vector<double>& samples, const TargetTable& t) {
  std::vector<double> mass(t.modes.size(), 0.0);
  for (double x : samples)
    for (size_t k = 0; k < t.modes.size(); ++k)
      if (std::abs(x - t.modes[k]) <= t.modeRadius) mass[k] += 1;
  for (double& m : mass) m /= double(samples.size());
  return mass;
}

std::vector<float> densityOnGrid(const std::vector<double>& samples, const TargetTable& t, double bandwidth) {
  const size_t n = t.pdf.size();
  std::vector<double> hist(n, 0.0);
  const double w = t.dx();
  for (double x : samples) {
    const double c = (x - t.lo) / w;
    if (c >= 0 && c < double(n)) hist[size_t(c)] += 1.0 / (double(samples.size()) * w);
  }
  const int r = std::max(1, int(std::ceil(3 * bandwidth / w)));
  std::vector<double> k(size_t(2 * r + 1));
  double ks = 0;
  for (int j = -r; j <= r; ++j) ks += k[size_t(j + r)] = std::exp(-0.5 * std::pow(j * w / bandwidth, 2));
  std::vector<float> out(n, 0.f);
  for (size_t i = 0; i < n; ++i) {
    double v = 0;
    for (int j = -r; j <= r; ++j) {
      const long m = long(i) + j;
      if (m >= 0 && m < long(n)) v += hist[size_t(m)] * k[size_t(j + r)];
    }
    out[i] = float(v / ks);
  }
  return out;
}

double ReadOut::minModeMass() const {
  return modeMass.empty() ? 1.0 : *std::min_element(modeMass.begin(), modeMass.end());
}

Mat<float> sampleNoise(const NoiseSpec& spec, int n, Rng& rng) {
  Mat<float> z(spec.dim, n);
  for (int j = 0; j < n; ++j)
    for (int i = 0; i < spec.dim; ++i) z(i, j) = float(spec.normal ? rng.normal() : rng.uniform(-1.0, 1.0));
  return z;
}

void Evaluator::reset(const NoiseSpec& spec, uint64_t seed) {
  spec_ = spec;
  Rng rng(seed ^ 0xE7A1ULL);
  z_ = sampleNoise(spec, kSamples, rng);
  sorted_.clear();
}

ReadOut Evaluator::evaluate(Net<float>& g, const TargetTable& t) {
  g.setTraining(false);
  const Mat<float>& x = g.forward(z_);
  sorted_.assign(x.data(), x.data() + x.size());
  g.setTraining(true);
  ReadOut r;
  if (!x.allFinite()) {  // a diverged generator: non-finite read-outs, which the trainer reports and stops on
    const double nan = std::numeric_limits<double>::quiet_NaN();
    r.w1 = r.js = nan;
    r.modeMass.assign(t.modes.size(), nan);
    return r;
  }
  std::sort(sorted_.begin(), sorted_.end());
  r.w1 = wasserstein1(sorted_, t);
  r.js = jensenShannon(sorted_, t);
  r.modeMass = modeMasses(sorted_, t);
  return r;
}

void fillLens(GanInsight& out, Net<float>& g, Net<float>& d, Loss loss, const NoiseSpec& noise,
              const TargetTable& target, Evaluator& eval, uint64_t seed) {
  if (target.pdf.empty()) return;
  const size_t n = target.pdf.size();
  out.lo = target.lo, out.hi = target.hi;
  out.x.resize(n), out.target.resize(n);
  Mat<float> grid(1, long(n));
  for (size_t i = 0; i < n; ++i) {
    out.x[i] = grid(0, long(i)) = float(target.lo + (double(i) + 0.5) * target.dx());
    out.target[i] = float(target.pdf[i]);
  }
  const ReadOut r = eval.evaluate(g, target);
  out.generated = densityOnGrid(eval.samples(), target, 0.1);
  out.js = r.js, out.w1 = r.w1;
  out.modes.assign(target.modes.begin(), target.modes.end());
  out.modeMass.assign(r.modeMass.begin(), r.modeMass.end());
  out.modeRadius = target.modes.empty() ? 0.0 : target.modeRadius;
  out.loss = lossName(loss);
  out.dIsProbability = isClassifier(loss);
  out.noise = noise.normal ? "N(0, 1)" : "U[−1, 1]";

  // Eval mode: batch norm on its running statistics, so D(x) is a function of x. (Minibatch discrimination has no
  // per-sample D: on the grid, D sees the grid as its batch.)
  g.setTraining(false);
  d.setTraining(false);
  const Mat<float> dGrid = d.forward(grid);
  out.d.resize(n);
  for (size_t i = 0; i < n; ++i)
    out.d[i] = out.dIsProbability ? 1.f / (1.f + std::exp(-dGrid(0, long(i)))) : dGrid(0, long(i));

  // Fakes and the per-sample gradient of the generator's loss ∂ℓ_G/∂x̃ (the sample moves along −∂ℓ_G/∂x̃).
  Rng rng(seed ^ 0xFA4EULL);
  const int fakes = 24;
  const Mat<float> x = g.forward(sampleNoise(noise, fakes, rng));
  const GLoss<float> gl = generatorLoss<float>(loss, d.forward(x));
  const Mat<float> dx = d.backward(gl.dFake) * float(fakes);
  d.zeroGrad();
  out.fakeX.assign(x.data(), x.data() + fakes);
  out.fakeGrad.assign(dx.data(), dx.data() + fakes);

  // The generator's map along z₀ over the noise's bulk, the other coordinates at 0.
  const int m = 65;
  const double zr = noise.normal ? 3.0 : 1.0;
  Mat<float> z = Mat<float>::Zero(noise.dim, m);
  out.z.resize(size_t(m));
  for (int j = 0; j < m; ++j) out.z[size_t(j)] = z(0, j) = float(-zr + 2 * zr * j / (m - 1));
  const Mat<float>& xz = g.forward(z);
  out.xOfZ.assign(xz.data(), xz.data() + m);
  g.setTraining(true);
  d.setTraining(true);
}

void ReadOut::persist(StateIO& io) {
  io.io(w1), io.io(js);
  io.io(modeMass);
}

void MetricLog::persist(StateIO& io) {
  io.io(n);
  io.io(sumD), io.io(sumG), io.io(sumReal), io.io(sumFake);
}

void MetricLog::bind(Metrics& m) {
  if (bound == &m) return;
  dLossId = m.id("losses/d_loss"), gLossId = m.id("losses/g_loss");
  dRealId = m.id("charts/d_real"), dFakeId = m.id("charts/d_fake");
  jsId = m.id("charts/js"), w1Id = m.id("charts/w1"), minModeId = -1;
  modeIds.clear();
  bound = &m;
}

void MetricLog::add(double dLoss, double gLoss, double dReal, double dFake) {
  sumD += dLoss, sumG += gLoss, sumReal += dReal, sumFake += dFake;
  ++n;
}

void MetricLog::flush(Metrics& m, double x, const ReadOut& r) {
  if (n > 0) {
    m.add(dLossId, x, sumD / n), m.add(gLossId, x, sumG / n);
    m.add(dRealId, x, sumReal / n), m.add(dFakeId, x, sumFake / n);
  }
  m.add(jsId, x, r.js), m.add(w1Id, x, r.w1);
  if (!r.modeMass.empty()) {
    if (minModeId < 0) minModeId = m.id("charts/mode_mass_min");
    while (modeIds.size() < r.modeMass.size())
      modeIds.push_back(m.id("charts/mode_mass_" + std::to_string(modeIds.size() + 1)));
    m.add(minModeId, x, r.minModeMass());
    for (size_t k = 0; k < r.modeMass.size(); ++k) m.add(modeIds[k], x, r.modeMass[k]);
  }
  clear();
}

}  // namespace rl::gan
