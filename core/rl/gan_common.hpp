// The pieces `gan` and `gan-as-ac` share: the two players' networks, the GAN losses and penalties, the tricks'
// penalties, the target read from gan1d, and the read-outs (JS, W1, mode masses) and lens insight.
//
// Notation (Goodfellow et al. 2014): data x ~ p_data, noise z ~ p_z, generator G: z ↦ x, discriminator D: x ↦ a
// logit (a probability σ(D) for the classifier losses, a raw score for least squares and Wasserstein). Every loss
// below is a mean over its batch (B real samples x_i, B generated samples x̃_j = G(z_j)):
//
//   minimax (Goodfellow 2014)        L_D = ½[BCE(D(x), t) + BCE(D(x̃), 0)]       L_G = E log(1 − σ(D(x̃)))
//   non-saturating (Goodfellow 2014) L_D as minimax                              L_G = −E log σ(D(x̃))
//   least squares (Mao et al. 2017)  L_D = ½E(D(x) − t)² + ½E D(x̃)²            L_G = ½E(D(x̃) − 1)²
//   Wasserstein (Arjovsky et al. 2017; Gulrajani et al. 2017)
//                                    L_D = E D(x̃) − E D(x)                       L_G = −E D(x̃)
//
// t is the real label: 1, or 0.9 with one-sided label smoothing (Salimans et al. 2016 §3.4). BCE(d, t) =
// −t·log σ(d) − (1 − t)·log(1 − σ(d)), averaged. The ½ makes L_D the mean cross-entropy over the 2B labelled
// samples — the loss of a critic that predicts the reward of what it is shown (Pfau & Vinyals 2016), so `gan` and
// `gan-as-ac` minimise the same number. (Goodfellow's value V(D, G) is −2·L_D; with Adam the factor changes nothing.)
//
// Penalties on D (added to L_D), each the mean over its batch of a function of D′(x) = ∂D/∂x:
//   WGAN-GP (Gulrajani et al. 2017)   λ·E(|D′(x̂)| − 1)²,  x̂ = εx + (1 − ε)x̃,  ε ~ U[0, 1]
//   R1 (Mescheder et al. 2018)        (γ/2)·E_real D′(x)²   (zero-centred, on real samples only)
// Their gradients with respect to D's parameters differentiate D′ itself: forward-mode along x (a tangent ḣ carried
// beside every activation h, ḣ₀ = 1) and reverse mode through both — GanNet::penaltyBackward.
// Tricks' penalties: historical averaging λ‖θ − θ̄‖² (nn::HistoricalAverage) on either player, and the generator's
// entropy bonus −β·Ĥ with Ĥ = −(1/B)Σᵢ log p̂(x̃ᵢ), p̂ the leave-one-out Gaussian kernel density estimate of the batch.
#pragma once
#include <optional>
#include <string>
#include <vector>

#include "core/env.hpp"
#include "core/insights.hpp"
#include "core/metrics.hpp"
#include "core/nn/nn.hpp"
#include "core/rng.hpp"

namespace rl::gan {

using nn::Mat;

enum class Loss { Minimax = 0, NonSaturating = 1, LeastSquares = 2, WganClip = 3, WganGp = 4 };
const char* lossName(Loss loss);
// The classifier losses read D as a logit, σ(D) the probability "real"; the others read D as a raw score.
inline bool isClassifier(Loss loss) { return loss == Loss::Minimax || loss == Loss::NonSaturating; }
inline bool isWasserstein(Loss loss) { return loss == Loss::WganClip || loss == Loss::WganGp; }

// ---- Losses: value and ∂/∂(D's outputs), rows 1×B ----

template <class T>
struct DLoss {
  T loss = 0;
  Mat<T> dReal, dFake;  // ∂L_D/∂D(x_i), ∂L_D/∂D(x̃_j)
};
template <class T>
DLoss<T> discriminatorLoss(Loss loss, const Mat<T>& dReal, const Mat<T>& dFake, T realLabel);

template <class T>
struct GLoss {
  T loss = 0;
  Mat<T> dFake;  // ∂L_G/∂D(x̃_j)
};
template <class T>
GLoss<T> generatorLoss(Loss loss, const Mat<T>& dFake);

// Ĥ = −(1/B)Σᵢ log p̂ᵢ,  p̂ᵢ = 1/(B−1)·Σ_{j≠i} φ_h(xᵢ − xⱼ),  φ_h the N(0, h²) density. B ≥ 2.
template <class T>
struct Entropy {
  T value = 0;
  Mat<T> grad;  // ∂Ĥ/∂xᵢ, 1×B
};
template <class T>
Entropy<T> kdeEntropy(const Mat<T>& x, T bandwidth);

// ---- The networks ----

enum class Norm { None = 0, Batch = 1, Virtual = 2 };

struct NetConfig {
  int in = 1, hidden = 32, layers = 2, out = 1;
  nn::Act act = nn::Act::ReLU;  // ReLU, LeakyReLU (slope 0.2) or Tanh: the penalties need σ′ and σ″
  bool normFirstLayer = true;   // DCGAN (Radford et al. 2016): no normalisation on D's input layer
  // > 0 (D): the first layer's kinks −bᵢ/wᵢ start spread uniformly over [−spread, spread] (bᵢ = −wᵢcᵢ), where the
  // data lives; PyTorch's default init puts them within about ±1 of 0, and a ReLU discriminator with no kink among
  // the samples is linear there: it sees the mean of a distribution but not its spread.
  double kinkSpread = 0;
  int mbdKernels = 0;           // > 0: build minibatch discrimination on the last hidden features (D)
  int mbdKernelDim = 4;
};

// An MLP in → hidden×layers → out with every trick's layer built up front and switched in or out live:
//   hidden layer ℓ: h = act(norm(W_ℓ h + b_ℓ)), norm ∈ {none, batch norm, virtual batch norm}
//   output:         y = W_o f + b_o [+ W_m o(f)],  f the last hidden features, o(f) minibatch discrimination's
//                   closeness features (Salimans et al. 2016 §3.2) when it is on.
// Parameters of switched-off layers stay in params() (their gradient is zero), so the optimisers' state lines up
// whatever is switched on.
template <class T>
class Net {
 public:
  Net() = default;
  Net(const NetConfig& cfg, Rng& rng);

  Norm norm = Norm::None;
  bool minibatchDisc = false;

  // Virtual batch norm's fixed reference batch (inputs to the network); forward() first passes it through to refresh
  // the reference statistics with the current weights, as Salimans et al. do.
  void setReferenceInputs(const Mat<T>& x) { ref_ = x; }
  const Mat<T>& referenceInputs() const { return ref_; }
  const Mat<T>& forward(const Mat<T>& x);
  // ∂L/∂input for dOut = ∂L/∂output of the last forward; accumulates ∂L/∂θ into the grads.
  const Mat<T>& backward(const Mat<T>& dOut);

  // Gradient penalties need D′(x) = ∂D/∂x per sample, so they run on the plain MLP (no batch-coupling layer: with
  // batch norm or minibatch discrimination D(xᵢ) depends on the whole batch; Gulrajani et al. use no batch norm in
  // a penalised critic). in = out = 1. Forward with tangents: returns D′(x), 1×N.
  const Mat<T>& forwardTangent(const Mat<T>& x);
  // Accumulates ∂P/∂θ for a penalty P = Σᵢ φ(D′(xᵢ)), given gPrime = ∂P/∂D′(xᵢ) (1×N), after forwardTangent.
  void penaltyBackward(const Mat<T>& gPrime);
  bool batchCoupled() const { return norm != Norm::None || minibatchDisc; }

  void setTraining(bool training);
  void zeroGrad();
  std::vector<nn::Param<T>*> params();
  std::vector<Mat<T>*> tensors();  // parameters and buffers (running statistics), for Polyak averaging
  const NetConfig& config() const { return cfg_; }

 private:
  bool normAt(size_t layer) const { return norm != Norm::None && (layer > 0 || cfg_.normFirstLayer); }
  void referencePass();

  NetConfig cfg_;
  std::vector<nn::Linear<T>> lin_;  // hidden layers then the output layer
  std::vector<nn::BatchNorm<T>> bn_;
  std::vector<nn::VirtualBatchNorm<T>> vbn_;
  std::vector<nn::Activation<T>> act_;
  std::optional<nn::MinibatchDiscrimination<T>> mbd_;
  std::optional<nn::Linear<T>> mbdHead_;
  Mat<T> ref_, out_, dFeat_, dM_;
  // Tangent pass: per hidden layer the pre-activation u, its tangent u̇, and h, ḣ after it (index 0 = the input).
  std::vector<Mat<T>> u_, du_, h_, dh_;
  Mat<T> yDot_;
};

// Copies every tensor (θ′ ← θ) or averages (θ′ ← τθ + (1 − τ)θ′).
template <class T>
void polyak(Net<T>& target, Net<T>& source, double tau);

// ---- The target, read from gan1d's render state (core never includes envs/) ----

struct TargetTable {
  double lo = -8, hi = 8;
  std::vector<double> pdf;  // on n cells of width dx, normalised to integrate to 1
  std::vector<double> cdf;  // at the n + 1 cell edges
  std::vector<double> modes;
  double modeRadius = 1.5;  // a sample within this of a mode counts as that mode's
  std::string name;
  double dx() const { return (hi - lo) / double(pdf.size()); }
  double cdfAt(double x) const;  // piecewise linear between edges (the pdf is constant on each cell)
};
// Empty pdf when the env does not draw a Gan1dRenderState.
TargetTable readTarget(const Env& env);

// The MDP itself, under the trainer's episode-statistics wrapper: every coin flip of gan1d is a one-step episode,
// and recording each would put ~2B "episodic returns" per iteration on a chart whose x axis counts iterations.
Env& unwrapped(Env& env);

// ---- Read-outs ----

// W1 = ∫|F_G(x) − F_T(x)| dx between the empirical CDF of the sorted samples and the target's CDF, exactly.
// W1 and JS are NaN when a sample is not finite (a diverged generator).
double wasserstein1(const std::vector<double>& sorted, const TargetTable& t);
// Jensen–Shannon divergence (nats, ≤ ln 2) between the target and a histogram of the samples on `bins` cells.
double jensenShannon(const std::vector<double>& samples, const TargetTable& t, int bins = 128);
// The fraction of the samples within modeRadius of each of the target's modes (empty when it has fewer than 2).
std::vector<double> modeMasses(const std::vector<double>& samples, const TargetTable& t);
// A density of the samples on the target's grid: histogram smoothed by a Gaussian of `bandwidth`.
std::vector<float> densityOnGrid(const std::vector<double>& samples, const TargetTable& t, double bandwidth);

struct ReadOut {
  double w1 = 0, js = 0;
  std::vector<double> modeMass;  // per target mode
  double minModeMass() const;    // 1 when the target has fewer than 2 modes
  void persist(StateIO& io);     // checkpoints: the last read-out, as the lens and the charts had it
};

// Fixed evaluation noise, sampling, and the lens for the agents. The generator is evaluated in eval mode (batch
// norm on running statistics).
struct NoiseSpec {
  int dim = 1;
  bool normal = false;  // N(0, I) or U[−1, 1]^dim
};
Mat<float> sampleNoise(const NoiseSpec& spec, int n, Rng& rng);

class Evaluator {
 public:
  static constexpr int kSamples = 4096;
  void reset(const NoiseSpec& spec, uint64_t seed);
  // Generates kSamples from the fixed noise (sorted), returns W1, JS and the mode masses.
  ReadOut evaluate(Net<float>& g, const TargetTable& t);
  const std::vector<double>& samples() const { return sorted_; }

 private:
  NoiseSpec spec_;
  Mat<float> z_;
  std::vector<double> sorted_;
};

// Everything the density view needs but the agent-specific fields (tricks, frozen players): grid, densities,
// D(x) on the grid, fakes with ∂L_G/∂x, the generator's map along z₀, read-outs.
void fillLens(GanInsight& out, Net<float>& g, Net<float>& d, Loss loss, const NoiseSpec& noise,
              const TargetTable& target, Evaluator& eval, uint64_t seed);

// Registers the metric series once per Metrics object and logs the interval's means and a read-out.
struct MetricLog {
  void bind(Metrics& m);
  void add(double dLoss, double gLoss, double dReal, double dFake);
  bool due(int every) const { return n >= every; }
  void flush(Metrics& m, double x, const ReadOut& r);
  void clear() { n = 0, sumD = sumG = sumReal = sumFake = 0; }
  void persist(StateIO& io);  // checkpoints: the interval's sums (the ids are bound again by name)

  const Metrics* bound = nullptr;
  int dLossId = -1, gLossId = -1, dRealId = -1, dFakeId = -1, jsId = -1, w1Id = -1, minModeId = -1;
  std::vector<int> modeIds;
  int n = 0;
  double sumD = 0, sumG = 0, sumReal = 0, sumFake = 0;
};

}  // namespace rl::gan
