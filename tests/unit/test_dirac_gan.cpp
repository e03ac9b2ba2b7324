// Dirac-GAN (core/rl/dirac_gan): every variant of tests/data/dirac_gan.txt (a verbatim copy of
// ../shared/reference/dirac_gan.txt) reproduced at every listed k; the vector field checked by hand and against
// finite differences of L; (0, 0) a fixed point of every update; the WGAN closed form; the linearised update's
// spectral radius; the field sampler's layout.
//
// Tolerance rule for the reference: |got − ref| ≤ 1e-9·|ref| for θ, ψ and r alike (relative 1e-9). The file prints
// 10 significant digits, so its own rounding is at most 5e-10 relative; an absolute 1e-9 would be meaningless for
// ψ ≈ −5.7e+21 (WGAN, simultaneous, k = 10000: finer than the float64 spacing there) and for θ ≈ 7.6e-221
// (GAN + R1, k = 10000: any value would pass). For |ref| ≤ 1 the relative rule is stricter than absolute 1e-9.
#include <gtest/gtest.h>

#include <cmath>
#include <fstream>
#include <iomanip>
#include <sstream>
#include <string>
#include <vector>

#include "core/rl/dirac_gan.hpp"

using namespace rl::dirac;

namespace {

struct RefRow {
  int k = 0;
  double theta = 0, psi = 0, r = 0;
};
struct RefVariant {
  std::string name;  // the header line as written, for failure messages
  Config config;
  std::vector<RefRow> rows;
};
struct Reference {
  std::vector<RefVariant> variants;
  int closedFormK = -1;  // "closed form check (WGAN, simultaneous): ... r_1000 = 204.7396182"
  double closedFormR = 0;
};

// "key=value" → value (as a double); fails the test when the key is missing.
double field(const std::string& line, const std::string& key) {
  const size_t at = line.find(key + "=");
  EXPECT_NE(at, std::string::npos) << "no " << key << "= in: " << line;
  if (at == std::string::npos) return NAN;
  return std::stod(line.substr(at + key.size() + 1));
}

// The file: a header per variant ("gan  sim h=0.1 gamma=0.0": loss, update rule, step size, R1 weight), indented
// rows "k=10: theta=… psi=… r=…", and a closing "closed form check" line.
Reference readReference() {
  std::ifstream in(RLLENS_TEST_DATA "/dirac_gan.txt");
  EXPECT_TRUE(in.good()) << "missing " RLLENS_TEST_DATA "/dirac_gan.txt";
  Reference ref;
  std::string line;
  while (std::getline(in, line)) {
    if (line.find_first_not_of(" \t\r") == std::string::npos) continue;
    if (line.rfind("closed form", 0) == 0) {
      const size_t at = line.find("r_", line.find(';'));
      EXPECT_NE(at, std::string::npos) << line;
      if (at == std::string::npos) continue;
      ref.closedFormK = std::stoi(line.substr(at + 2));
      ref.closedFormR = std::stod(line.substr(line.find('=', at) + 1));
    } else if (line[0] == ' ') {
      EXPECT_FALSE(ref.variants.empty()) << "a row before any header: " << line;
      if (ref.variants.empty()) continue;
      RefRow row;
      row.k = int(field(line, "k"));
      row.theta = field(line, "theta"), row.psi = field(line, "psi"), row.r = field(line, "r");
      ref.variants.back().rows.push_back(row);
    } else {
      std::istringstream words(line);
      std::string loss, update;
      words >> loss >> update;
      RefVariant v;
      v.name = line;
      EXPECT_TRUE(loss == "gan" || loss == "wgan") << line;
      EXPECT_TRUE(update == "sim" || update == "alt") << line;
      v.config.loss = loss == "wgan" ? Loss::Wgan : Loss::Gan;
      v.config.update = update == "alt" ? Update::Alternating : Update::Simultaneous;
      v.config.h = field(line, "h");
      v.config.gamma = field(line, "gamma");
      ref.variants.push_back(v);
    }
  }
  return ref;
}

::testing::AssertionResult closeRelative(const char* what, double got, double ref, double rel) {
  if (std::abs(got - ref) <= rel * std::abs(ref)) return ::testing::AssertionSuccess();
  return ::testing::AssertionFailure() << what << " = " << std::setprecision(17) << got << ", reference " << ref
                                       << " (relative error " << std::abs(got - ref) / std::abs(ref) << " > " << rel
                                       << ")";
}

const Config kAllVariants[] = {
    {Loss::Gan, Update::Simultaneous, 0.1, 0.0},  {Loss::Gan, Update::Alternating, 0.1, 0.0},
    {Loss::Gan, Update::Simultaneous, 0.1, 1.0},  {Loss::Gan, Update::Alternating, 0.1, 1.0},
    {Loss::Wgan, Update::Simultaneous, 0.1, 0.0}, {Loss::Wgan, Update::Alternating, 0.1, 0.0},
    {Loss::Wgan, Update::Simultaneous, 0.1, 1.0}, {Loss::Wgan, Update::Alternating, 0.1, 1.0},
};

}  // namespace

// Every variant of the file (6 of them, 6 rows each, k = 0, 1, 10, 100, 1000, 10000), from its start (θ, ψ) = (1, 1):
// θ_k, ψ_k and r_k to relative 1e-9 (see the rule at the top).
TEST(DiracGan, ReproducesReferenceEveryVariantEveryK) {
  const Reference ref = readReference();
  ASSERT_EQ(ref.variants.size(), 6u) << "the reference lists six variants";
  int checked = 0;
  for (const RefVariant& v : ref.variants) {
    ASSERT_FALSE(v.rows.empty()) << v.name;
    ASSERT_EQ(v.rows.front().k, 0) << v.name;
    const Point start{v.rows.front().theta, v.rows.front().psi};
    EXPECT_EQ(start.theta, 1.0) << v.name;
    EXPECT_EQ(start.psi, 1.0) << v.name;
    const std::vector<Point> path = trajectory(v.config, start, v.rows.back().k);
    ASSERT_EQ(path.size(), size_t(v.rows.back().k) + 1) << v.name;
    for (const RefRow& row : v.rows) {
      SCOPED_TRACE(v.name + "  k=" + std::to_string(row.k));
      const Point p = path[size_t(row.k)];
      EXPECT_TRUE(closeRelative("theta", p.theta, row.theta, 1e-9));
      EXPECT_TRUE(closeRelative("psi", p.psi, row.psi, 1e-9));
      EXPECT_TRUE(closeRelative("r", radius(p), row.r, 1e-9));
      ++checked;
    }
  }
  EXPECT_EQ(checked, 36);
}

// The file's closing line: WGAN with simultaneous steps multiplies r² by exactly 1 + h² per step
// (θ′ = θ − hψ, ψ′ = ψ + hθ), so r_k = r_0·(1 + h²)^(k/2). Checked at the file's k and along the whole path.
TEST(DiracGan, WganSimultaneousFollowsTheClosedForm) {
  const Reference ref = readReference();
  ASSERT_EQ(ref.closedFormK, 1000);
  const Config c{Loss::Wgan, Update::Simultaneous, 0.1, 0.0};
  const std::vector<Point> path = trajectory(c, {1, 1}, 10000);
  const double r0 = std::sqrt(2.0);
  EXPECT_TRUE(closeRelative("closed form r_1000", r0 * std::pow(1.0 + c.h * c.h, ref.closedFormK / 2.0),
                            ref.closedFormR, 1e-9));
  EXPECT_TRUE(closeRelative("r_1000", radius(path[size_t(ref.closedFormK)]), ref.closedFormR, 1e-9));
  for (int k = 0; k <= 10000; k += 250)
    EXPECT_TRUE(closeRelative("r_k", radius(path[size_t(k)]), r0 * std::pow(1.0 + c.h * c.h, k / 2.0), 1e-11))
        << "k=" << k;
}

// v at (θ, ψ) = (2, −0.5) with γ = 0.3, worked out by hand: ψθ = −1, f′(−1) = 1/(1 + e^−1) = 0.7310585786300049.
//   gan:  v = (−0.73105857863·(−0.5), 0.73105857863·2 − 0.3·(−0.5)) = (0.36552928931500245, 1.6121171572600098)
//   wgan: f′ = 1, v = (0.5, 2 + 0.15) = (0.5, 2.15)
TEST(DiracGan, VectorFieldByHand) {
  const Point p{2.0, -0.5};
  const Point g = vectorField(Loss::Gan, 0.3, p);
  EXPECT_NEAR(fPrime(Loss::Gan, -1.0), 0.7310585786300049, 1e-15);
  EXPECT_NEAR(g.theta, 0.36552928931500245, 1e-15);
  EXPECT_NEAR(g.psi, 1.6121171572600098, 1e-15);
  const Point w = vectorField(Loss::Wgan, 0.3, p);
  EXPECT_NEAR(w.theta, 0.5, 1e-15);
  EXPECT_NEAR(w.psi, 2.15, 1e-15);
  // f(t) = −log(1 + e^−t): f(0) = −log 2, and L(2, −0.5) = f(−1) + f(0) = −log(1 + e) − log 2.
  EXPECT_NEAR(objective(Loss::Gan, p), -std::log(1.0 + std::exp(1.0)) - std::log(2.0), 1e-15);
  EXPECT_NEAR(objective(Loss::Wgan, p), -1.0, 1e-15);
}

// v is the players' gradients of L: v_θ = −∂L/∂θ (G descends), v_ψ = +∂L/∂ψ − γψ (D ascends, R1 pulls ψ to 0).
// Central differences with step 1e-6 at a few points, to 1e-8.
TEST(DiracGan, VectorFieldIsTheGradientOfL) {
  const double eps = 1e-6, gamma = 0.7;
  for (Loss loss : {Loss::Gan, Loss::Wgan})
    for (Point p : {Point{1, 1}, Point{-1.5, 0.3}, Point{0.2, -2.5}, Point{3, 2}}) {
      const double dTheta = (objective(loss, {p.theta + eps, p.psi}) - objective(loss, {p.theta - eps, p.psi})) / (2 * eps);
      const double dPsi = (objective(loss, {p.theta, p.psi + eps}) - objective(loss, {p.theta, p.psi - eps})) / (2 * eps);
      const Point v = vectorField(loss, gamma, p);
      EXPECT_NEAR(v.theta, -dTheta, 1e-8) << "θ = " << p.theta << ", ψ = " << p.psi;
      EXPECT_NEAR(v.psi, dPsi - gamma * p.psi, 1e-8) << "θ = " << p.theta << ", ψ = " << p.psi;
    }
}

// (0, 0) is the equilibrium: v = 0 there and every update rule leaves it exactly where it is, for 1000 steps.
TEST(DiracGan, EquilibriumIsAFixedPoint) {
  for (const Config& c : kAllVariants) {
    const Point v = vectorField(c.loss, c.gamma, {0, 0});
    EXPECT_EQ(v.theta, 0.0);
    EXPECT_EQ(v.psi, 0.0);
    for (const Point& p : trajectory(c, {0, 0}, 1000)) {
      ASSERT_EQ(p.theta, 0.0);
      ASSERT_EQ(p.psi, 0.0);
    }
  }
}

// One step written out for the alternating rule: D reads the generator's new θ.
TEST(DiracGan, AlternatingDiscriminatorSeesTheNewTheta) {
  const Config c{Loss::Wgan, Update::Alternating, 0.1, 0.5};
  const Point p = step(c, {1, 1});
  EXPECT_DOUBLE_EQ(p.theta, 0.9);                          // 1 − 0.1·1
  EXPECT_DOUBLE_EQ(p.psi, 1.0 + 0.1 * (0.9 - 0.5 * 1.0));  // 1 + 0.1·(θ′ − γψ) = 1.04
  const Point s = step({Loss::Wgan, Update::Simultaneous, 0.1, 0.5}, {1, 1});
  EXPECT_DOUBLE_EQ(s.psi, 1.0 + 0.1 * (1.0 - 0.5 * 1.0));  // the old θ = 1: 1.05
}

// The linearised update at (0, 0), a = h·f′(0) (f′(0) = ½ for gan, 1 for wgan): simultaneous |λ| = √(1 + a²),
// alternating |λ| = 1 (for a ≤ 2), and R1 brings both below 1. These are the three behaviours the file shows.
TEST(DiracGan, SpectralRadiusAtEquilibrium) {
  const double h = 0.1;
  EXPECT_NEAR(equilibriumSpectralRadius({Loss::Gan, Update::Simultaneous, h, 0}), std::sqrt(1 + 0.05 * 0.05), 1e-14);
  EXPECT_NEAR(equilibriumSpectralRadius({Loss::Wgan, Update::Simultaneous, h, 0}), std::sqrt(1 + 0.1 * 0.1), 1e-14);
  EXPECT_NEAR(equilibriumSpectralRadius({Loss::Gan, Update::Alternating, h, 0}), 1.0, 1e-14);
  EXPECT_NEAR(equilibriumSpectralRadius({Loss::Wgan, Update::Alternating, 1.5, 0}), 1.0, 1e-14);
  EXPECT_GT(equilibriumSpectralRadius({Loss::Wgan, Update::Alternating, 2.5, 0}), 1.0);  // a > 2: unstable again
  for (Loss loss : {Loss::Gan, Loss::Wgan})
    for (Update u : {Update::Simultaneous, Update::Alternating})
      EXPECT_LT(equilibriumSpectralRadius({loss, u, h, 1.0}), 1.0);
}

// Grid layout: sample (i, j) at index j·nx + i, at the cell centres, with v evaluated there.
TEST(DiracGan, FieldSamplerLayout) {
  const std::vector<FieldSample> s = sampleField(Loss::Gan, 0.2, -2, 2, -1, 1, 4, 2);
  ASSERT_EQ(s.size(), 8u);
  EXPECT_DOUBLE_EQ(s[0].at.theta, -1.5);
  EXPECT_DOUBLE_EQ(s[0].at.psi, -0.5);
  EXPECT_DOUBLE_EQ(s[1 * 4 + 3].at.theta, 1.5);
  EXPECT_DOUBLE_EQ(s[1 * 4 + 3].at.psi, 0.5);
  for (const FieldSample& f : s) {
    const Point v = vectorField(Loss::Gan, 0.2, f.at);
    EXPECT_EQ(f.v.theta, v.theta);
    EXPECT_EQ(f.v.psi, v.psi);
  }
}

// f and f′ stay finite far from 0 (the view's slider ranges reach |ψθ| of hundreds).
TEST(DiracGan, LossIsFiniteFarOut) {
  for (double t : {-1000.0, -50.0, 50.0, 1000.0}) {
    EXPECT_TRUE(std::isfinite(f(Loss::Gan, t))) << t;
    EXPECT_TRUE(std::isfinite(fPrime(Loss::Gan, t))) << t;
  }
  EXPECT_NEAR(f(Loss::Gan, -1000.0), -1000.0, 1e-9);
  EXPECT_NEAR(f(Loss::Gan, 1000.0), 0.0, 1e-12);
  EXPECT_EQ(fPrime(Loss::Gan, 1000.0), 0.0);
  EXPECT_EQ(fPrime(Loss::Gan, -1000.0), 1.0);
}
