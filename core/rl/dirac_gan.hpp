// The Dirac-GAN (Mescheder, Geiger & Nowozin 2018, "Which Training Methods for GANs do actually Converge?", §2):
// the smallest GAN there is, two numbers, enough to show why plain gradient steps on a GAN need not converge.
//   data:           p_D = δ_0, a point mass at 0
//   generator:      p_θ = δ_θ, a point mass at θ
//   discriminator:  D_ψ(x) = ψ·x
//   L(θ, ψ) = f(D_ψ(θ)) + f(D_ψ(0)) = f(ψθ) + f(0)
//   gan:   f(t) = −log(1 + e^−t)    f′(t) = 1 / (1 + e^t)
//   wgan:  f(t) = t                 f′(t) = 1
// The generator descends L in θ, the discriminator ascends it in ψ. The R1 penalty (γ/2)·E_pD‖∇_x D_ψ(x)‖² = (γ/2)ψ²
// is subtracted from the discriminator's objective. The gradient vector field is
//   v(θ, ψ) = ( −f′(ψθ)·ψ ,  f′(ψθ)·θ − γψ )
// Its only equilibrium is (0, 0), with Jacobian J = [[0, −f′(0)], [f′(0), −γ]]. At γ = 0 the eigenvalues are
// ±i·f′(0): the continuous flow circles the equilibrium for ever; γ > 0 gives them real part −γ/2 and it converges.
//
// Gradient steps with step size h, from (θ_k, ψ_k):
//   simultaneous:  θ_{k+1} = θ_k − h·f′(ψ_kθ_k)·ψ_k           ψ_{k+1} = ψ_k + h·(f′(ψ_kθ_k)·θ_k − γψ_k)
//   alternating:   θ_{k+1} = θ_k − h·f′(ψ_kθ_k)·ψ_k           ψ_{k+1} = ψ_k + h·(f′(ψ_kθ_{k+1})·θ_{k+1} − γψ_k)
//                  (the generator moves first; the discriminator sees its new θ)
// Linearised at (0, 0), with a = h·f′(0), the update maps are
//   simultaneous: I + hJ = [[1, −a], [a, 1 − hγ]]        γ = 0: |λ| = √(1 + a²) > 1, the iterates spiral out
//   alternating:  [[1, −a], [a, 1 − a² − hγ]]            γ = 0: det = 1, |λ| = 1 for a ≤ 2, they orbit for ever
// and R1 (γ > 0) pulls |λ| below 1: the iterates converge. r_k = √(θ_k² + ψ_k²) is the distance from equilibrium.
// Everything is double precision: ../shared/reference/dirac_gan.txt is reproduced to 1e-9 (tests/unit).
#pragma once
#include <vector>

namespace rl::dirac {

enum class Loss { Gan = 0, Wgan = 1 };
enum class Update { Simultaneous = 0, Alternating = 1 };

struct Point {
  double theta = 0;  // θ: where the generator puts its point mass
  double psi = 0;    // ψ: the discriminator's slope
};

struct Config {
  Loss loss = Loss::Gan;
  Update update = Update::Simultaneous;
  double h = 0.1;      // step size h (both players)
  double gamma = 0.0;  // R1 weight γ ≥ 0 (0 = no penalty)
};

double f(Loss loss, double t);                      // f(t)
double fPrime(Loss loss, double t);                 // f′(t)
double objective(Loss loss, Point p);               // L(θ, ψ) = f(ψθ) + f(0), without the R1 term
Point vectorField(Loss loss, double gamma, Point p);  // v(θ, ψ) = (−f′(ψθ)ψ, f′(ψθ)θ − γψ)
Point step(const Config& c, Point p);               // one simultaneous or alternating gradient step
double radius(Point p);                             // r = √(θ² + ψ²), the distance from equilibrium
// (θ_k, ψ_k) for k = 0..K (K + 1 points; element 0 is the start). K < 0 is treated as 0.
std::vector<Point> trajectory(const Config& c, Point start, int K);
// The spectral radius max|λ| of the update map's Jacobian at the equilibrium (see the header): > 1 spirals out,
// = 1 orbits, < 1 converges (locally).
double equilibriumSpectralRadius(const Config& c);

// v sampled on an nx × ny grid of cell centres over [θLo, θHi] × [ψLo, ψHi], row-major from (θLo, ψLo): sample
// (i, j) is at index j·nx + i, at θ = θLo + (i + ½)·(θHi − θLo)/nx, ψ = ψLo + (j + ½)·(ψHi − ψLo)/ny.
struct FieldSample {
  Point at;
  Point v;
};
std::vector<FieldSample> sampleField(Loss loss, double gamma, double thetaLo, double thetaHi, double psiLo,
                                     double psiHi, int nx, int ny);

}  // namespace rl::dirac
