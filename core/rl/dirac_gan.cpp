// The Dirac-GAN, read top to bottom: f and f′ → the vector field v → one gradient step (simultaneous or
// alternating) → the trajectory → the linearised update at the equilibrium → v on a grid. The maths is in the header.
#include "core/rl/dirac_gan.hpp"

#include <algorithm>
#include <cmath>
#include <complex>

namespace rl::dirac {

double f(Loss loss, double t) {
  if (loss == Loss::Wgan) return t;
  // −log(1 + e^−t) = −softplus(−t), written so that neither branch overflows.
  return t >= 0 ? -std::log1p(std::exp(-t)) : t - std::log1p(std::exp(t));
}

double fPrime(Loss loss, double t) {
  if (loss == Loss::Wgan) return 1.0;
  return 1.0 / (1.0 + std::exp(t));  // = σ(−t); exp overflowing to ∞ gives the right limit 0
}

double objective(Loss loss, Point p) { return f(loss, p.psi * p.theta) + f(loss, 0.0); }

Point vectorField(Loss loss, double gamma, Point p) {
  const double d = fPrime(loss, p.psi * p.theta);
  return {-d * p.psi, d * p.theta - gamma * p.psi};
}

Point step(const Config& c, Point p) {
  // The generator's step is the same in both rules: it sees (θ_k, ψ_k).
  const double theta = p.theta - c.h * fPrime(c.loss, p.psi * p.theta) * p.psi;
  // The discriminator's step reads the old θ (simultaneous) or the generator's new one (alternating).
  const double seen = c.update == Update::Simultaneous ? p.theta : theta;
  const double psi = p.psi + c.h * (fPrime(c.loss, p.psi * seen) * seen - c.gamma * p.psi);
  return {theta, psi};
}

double radius(Point p) { return std::hypot(p.theta, p.psi); }

std::vector<Point> trajectory(const Config& c, Point start, int K) {
  K = std::max(K, 0);
  std::vector<Point> out;
  out.reserve(size_t(K) + 1);
  out.push_back(start);
  for (int k = 0; k < K; ++k) out.push_back(step(c, out.back()));
  return out;
}

double equilibriumSpectralRadius(const Config& c) {
  // The update map's Jacobian M at (0, 0): f′′ terms vanish there because they are multiplied by θ or ψ.
  const double a = c.h * fPrime(c.loss, 0.0);
  const double m11 = 1.0, m12 = -a, m21 = a;
  const double m22 = (c.update == Update::Simultaneous ? 1.0 : 1.0 - a * a) - c.h * c.gamma;
  // Eigenvalues of a 2×2 matrix: λ = tr/2 ± √(tr²/4 − det).
  const double tr = m11 + m22, det = m11 * m22 - m12 * m21;
  const std::complex<double> s = std::sqrt(std::complex<double>(tr * tr / 4.0 - det, 0.0));
  return std::max(std::abs(tr / 2.0 + s), std::abs(tr / 2.0 - s));
}

std::vector<FieldSample> sampleField(Loss loss, double gamma, double thetaLo, double thetaHi, double psiLo,
                                     double psiHi, int nx, int ny) {
  nx = std::max(nx, 1), ny = std::max(ny, 1);
  std::vector<FieldSample> out;
  out.reserve(size_t(nx) * size_t(ny));
  for (int j = 0; j < ny; ++j)
    for (int i = 0; i < nx; ++i) {
      const Point at{thetaLo + (double(i) + 0.5) * (thetaHi - thetaLo) / double(nx),
                     psiLo + (double(j) + 0.5) * (psiHi - psiLo) / double(ny)};
      out.push_back({at, vectorField(loss, gamma, at)});
    }
  return out;
}

}  // namespace rl::dirac
