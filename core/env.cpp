#include "core/env.hpp"

#include <cmath>

namespace rl {

size_t Space::flatSize() const {
  if (kind == Kind::Discrete) return 1;
  size_t n = 1;
  for (int d : shape) n *= size_t(d);
  return n;
}

bool Space::contains(std::span<const float> x) const {
  if (x.size() != flatSize()) return false;
  if (kind == Kind::Discrete) return x[0] >= 0 && x[0] < n && x[0] == std::floor(x[0]);
  for (size_t i = 0; i < x.size(); ++i)
    if (!(x[i] >= low[i] && x[i] <= high[i]) || (binary && x[i] != 0.f && x[i] != 1.f)) return false;
  return true;
}

std::string Space::describe() const {
  if (kind == Kind::Discrete) return "Discrete(" + std::to_string(n) + ")";
  std::string s = "Box(";
  for (size_t i = 0; i < shape.size(); ++i) s += std::to_string(shape[i]) + (shape.size() == 1 || i + 1 < shape.size() ? "," : "");
  return s + ")";
}

}  // namespace rl
