// The status bar's numbers and the lenses' "no update yet" line, as text: GL-free so the unit tests read exactly
// what the window shows.
#pragma once
#include <string>

#include "core/session/snapshot.hpp"

namespace gui {

// "▶   FPS 60   env 12.3 k steps/s   updates 1.2 k/s   step 4.5 k   laps 12   last return +1.00". A world without
// episodes (the GAN toy) counts iterations instead; before the first episode of a run (or after Reset) the last
// return is "—", never a number left over from an earlier run.
std::string statusNumbers(const rl::Snapshot& s, double fps);
// Under a lens whose algorithm has not updated yet: paused, what to press; running, why nothing has come yet (the
// algorithm's phase, e.g. "filling the replay buffer: 340 of 1000 steps"), else `waitingFor`.
std::string noUpdateYet(const rl::Snapshot& s, const std::string& waitingFor);
// 1234 → "1.2 k", 2.5e6 → "2.50 M".
std::string humanCount(double v);
// "20 000": step counts as a class reads them.
std::string groupDigits(uint64_t v);

}  // namespace gui
