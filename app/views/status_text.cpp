#include "app/views/status_text.hpp"

#include <cstdio>

namespace gui {

std::string humanCount(double v) {
  char b[32];
  if (v >= 1e6) std::snprintf(b, sizeof b, "%.2f M", v / 1e6);
  else if (v >= 1e3) std::snprintf(b, sizeof b, "%.1f k", v / 1e3);
  else std::snprintf(b, sizeof b, "%.0f", v);
  return b;
}

std::string statusNumbers(const rl::Snapshot& s, double fps) {
  char b[256];
  std::snprintf(b, sizeof b, "%s   FPS %.0f   env %s steps/s   updates %s/s   step %s", s.running ? "▶" : "❚❚", fps,
                humanCount(s.running ? s.envStepsPerSec : 0).c_str(),
                humanCount(s.running ? s.updatesPerSec : 0).c_str(), humanCount(double(s.envSteps)).c_str());
  std::string out = b;
  if (!s.envInfo.hasEpisodes) return out;  // one sample per step: the step count is the iteration count
  std::snprintf(b, sizeof b, "   %ss %llu   last return ", s.envInfo.episodeNoun.c_str(), (unsigned long long)s.episodes);
  out += b;
  if (s.episodes == 0) return out + "—";
  std::snprintf(b, sizeof b, "%+.2f", s.lastReturn);
  return out + b;
}

std::string noUpdateYet(const rl::Snapshot& s, const std::string& waitingFor) {
  if (!s.running) return "No update yet: press Play or Step.";
  return "No update yet: " + (s.insights.phase.empty() ? waitingFor : s.insights.phase) + ".";
}

std::string groupDigits(uint64_t v) {
  std::string d = std::to_string(v), out;
  for (size_t i = 0; i < d.size(); ++i) {
    if (i > 0 && (d.size() - i) % 3 == 0) out += ' ';
    out += d[i];
  }
  return out;
}

}  // namespace gui
