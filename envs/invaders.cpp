#include "envs/invaders.hpp"

#include "core/checkpoint.hpp"

#include <bit>
#include <cstdio>
#include <stdexcept>

namespace rl {

namespace {
constexpr uint16_t kRowMask = (1u << Invaders::kCols) - 1;
constexpr int kShotCooldown = 5, kEnemyShotInterval = 10, kInitMoveInterval = 12;
constexpr int kMinimalSet[4] = {0, 1, 3, 5};

int count(const std::array<uint16_t, 10>& m) {
  int n = 0;
  for (uint16_t r : m) n += std::popcount(r);
  return n;
}
bool columnOccupied(const std::array<uint16_t, 10>& m, int col) {
  for (uint16_t r : m)
    if (r >> col & 1) return true;
  return false;
}
}  // namespace

Invaders::Invaders() {
  params_.add({"sticky", "sticky actions", ParamType::Float, 0.0, 1.0, 0.1,
               "Probability that the previous action repeats instead of the chosen one (MinAtar default 0.1)"}, &sticky_);
  params_.add({"ramping", "difficulty ramping", ParamType::Bool, 0, 1, 1,
               "Each cleared wave makes the aliens move faster (until one move every 6 steps)"}, &ramping_);
  params_.add({"minimal_actions", "minimal action set", ParamType::Bool, 0, 1, 0,
               "Offer only no-op, left, right, fire (4 actions) instead of all 6", true}, &minimalActions_);
  reset(uint64_t(0));
}

std::span<const float> Invaders::reset(std::optional<uint64_t> seed) {
  if (seed) random_.seed(uint32_t(*seed));
  pos_ = 5;
  friendly_.fill(0);
  enemy_.fill(0);
  aliens_.fill(0);
  for (int r = 0; r < 4; ++r) aliens_[size_t(r)] = uint16_t(0b11111100);  // columns 2..7
  direction_ = -1;
  moveInterval_ = kInitMoveInterval;
  moveTimer_ = moveInterval_;
  shotTimer_ = kEnemyShotInterval;
  rampIndex_ = 0;
  playerShotTimer_ = 0;
  score_ = 0;
  terminal_ = false;
  obsDirty_ = true;
  return observation();
}

StepResult Invaders::step(int action) {
  const int n = minimalActions_ ? 4 : 6;
  if (action < 0 || action >= n)
    throw std::invalid_argument("invaders: action " + std::to_string(action) + " is not in Discrete(" + std::to_string(n) + ")");
  int a = minimalActions_ ? kMinimalSet[action] : action;
  // Sticky actions: one draw per step, even when p = 0 (MinAtar's Environment.act).
  if (random_.rand() < sticky_) a = lastAction_;
  lastAction_ = a;
  StepResult out;
  if (terminal_) return out.terminated = true, out;
  obsDirty_ = true;

  // 1. Player: fire when the cooldown allows, else move (fire during the cooldown does nothing).
  if (a == 5 && playerShotTimer_ == 0) {
    friendly_[9] |= uint16_t(1u << pos_);
    playerShotTimer_ = kShotCooldown;
  } else if (a == 1) {
    pos_ = std::max(0, pos_ - 1);
  } else if (a == 3) {
    pos_ = std::min(9, pos_ + 1);
  }
  // 2. Friendly bullets move up; those in row 0 leave.
  for (int r = 0; r < kRows - 1; ++r) friendly_[size_t(r)] = friendly_[size_t(r + 1)];
  friendly_[9] = 0;
  // 3. Enemy bullets move down; those in row 9 leave. One at the cannon is terminal.
  for (int r = kRows - 1; r > 0; --r) enemy_[size_t(r)] = enemy_[size_t(r - 1)];
  enemy_[0] = 0;
  if (enemy_[9] >> pos_ & 1) terminal_ = true;
  // 4. Aliens.
  if (aliens_[9] >> pos_ & 1) terminal_ = true;
  if (moveTimer_ == 0) {
    moveTimer_ = std::min(count(aliens_), moveInterval_);
    if ((columnOccupied(aliens_, 0) && direction_ < 0) || (columnOccupied(aliens_, 9) && direction_ > 0)) {
      direction_ = -direction_;
      if (aliens_[9]) terminal_ = true;
      const uint16_t wrapped = aliens_[9];  // np.roll wraps the bottom row to the top
      for (int r = kRows - 1; r > 0; --r) aliens_[size_t(r)] = aliens_[size_t(r - 1)];
      aliens_[0] = wrapped;
    } else {
      for (auto& row : aliens_)  // columns never wrap: the direction flips at the edges first
        row = uint16_t((direction_ > 0 ? row << 1 : row >> 1) & kRowMask);
    }
    if (aliens_[9] >> pos_ & 1) terminal_ = true;
  }
  // 5. Alien shot: the column nearest the cannon (ties to the left) fires from its lowest alien's cell.
  if (shotTimer_ == 0) {
    shotTimer_ = kEnemyShotInterval;
    for (int d = 0; d < kCols; ++d) {
      int col = -1;
      if (pos_ - d >= 0 && columnOccupied(aliens_, pos_ - d)) col = pos_ - d;
      else if (d > 0 && pos_ + d < kCols && columnOccupied(aliens_, pos_ + d)) col = pos_ + d;
      if (col < 0) continue;
      for (int r = kRows - 1; r >= 0; --r)
        if (aliens_[size_t(r)] >> col & 1) {
          enemy_[size_t(r)] |= uint16_t(1u << col);
          break;
        }
      break;
    }
  }
  // 6. Kills: an alien and a friendly bullet in one cell destroy each other.
  for (int r = 0; r < kRows; ++r) {
    const uint16_t hit = aliens_[size_t(r)] & friendly_[size_t(r)];
    if (!hit) continue;
    out.reward += std::popcount(hit);
    aliens_[size_t(r)] &= uint16_t(~hit);
    friendly_[size_t(r)] &= uint16_t(~hit);
  }
  score_ += int(out.reward);
  // 7. Timers.
  if (playerShotTimer_ > 0) --playerShotTimer_;
  --moveTimer_;
  --shotTimer_;
  // 8. A new, possibly faster, wave when the aliens are gone.
  if (count(aliens_) == 0) {
    if (moveInterval_ > 6 && ramping_) --moveInterval_, ++rampIndex_;
    for (int r = 0; r < 4; ++r) aliens_[size_t(r)] = uint16_t(0b11111100);
  }
  out.terminated = terminal_;
  return out;
}

void Invaders::materialise() const {
  obs_.fill(0.f);
  auto set = [&](int r, int c, int ch) { obs_[size_t((r * kCols + c) * kChannels + ch)] = 1.f; };
  set(9, pos_, kCannon);
  for (int r = 0; r < kRows; ++r)
    for (int c = 0; c < kCols; ++c) {
      if (aliens_[size_t(r)] >> c & 1) set(r, c, kAlien), set(r, c, direction_ < 0 ? kAlienLeft : kAlienRight);
      if (friendly_[size_t(r)] >> c & 1) set(r, c, kFriendlyBullet);
      if (enemy_[size_t(r)] >> c & 1) set(r, c, kEnemyBullet);
    }
  obsDirty_ = false;
}

std::span<const float> Invaders::observation() const {
  if (obsDirty_) materialise();
  return obs_;
}

Space Invaders::observationSpace() const {
  Space s = Space::box(std::vector<double>(600, 0.0), std::vector<double>(600, 1.0), {kRows, kCols, kChannels});
  s.binary = true;  // MinAtar's observation is a bool array
  return s;
}

uint64_t Invaders::stateHash() const {
  uint64_t h = 0xcbf29ce484222325ULL;
  for (float v : observation()) h = (h ^ uint64_t(v != 0.f)) * 0x100000001b3ULL;
  return h;
}

std::string Invaders::stepDetail() const {
  char buf[320];
  std::snprintf(buf, sizeof buf,
                "\"effective_action\":%d,\"hash\":\"%016llx\",\"internals\":{\"pos\":%d,\"alien_dir\":%d,"
                "\"alien_move_timer\":%d,\"alien_shot_timer\":%d,\"shot_timer\":%d,\"enemy_move_interval\":%d,"
                "\"ramp_index\":%d,\"n_aliens\":%d}",
                lastAction_, (unsigned long long)stateHash(), pos_, direction_, moveTimer_, shotTimer_,
                playerShotTimer_, moveInterval_, rampIndex_, count(aliens_));
  return buf;
}

EnvInfo Invaders::info() const {
  EnvInfo i{"invaders", "Invaders (MinAtar)",
          "You are the cannon on the bottom row. A block of aliens marches sideways, stepping down and turning at "
          "each edge, faster as it thins out. Fire (one shot every 5 steps) to destroy aliens: +1 each. The alien "
          "nearest your column shoots every 10 steps. You lose when a bullet or an alien reaches you, or the aliens "
          "land. Clearing a wave brings a new, faster one. With sticky actions your previous action sometimes "
          "repeats.",
          minimalActions_ ? std::vector<std::string>{"no-op", "left", "right", "fire"}
                          : std::vector<std::string>{"no-op", "left", "up", "right", "down", "fire"}};
  i.human.style = HumanPlay::Style::PerKey;
  // by HumanKey: ← → ↑ ↓ Space. ↑ and ↓ wait a step (no-op): the cannon only moves sideways.
  i.human.keyAction = minimalActions_ ? std::array<int, kHumanKeys>{1, 2, 0, 0, 3}
                                      : std::array<int, kHumanKeys>{1, 3, 0, 0, 5};
  i.human.hint = "← → move the cannon, Space fires";
  return i;
}

RenderState Invaders::renderState() const {
  InvadersRenderState s;
  for (int r = 0; r < kRows; ++r) {
    s.aliens[size_t(r)] = aliens_[size_t(r)];
    s.friendly[size_t(r)] = friendly_[size_t(r)];
    s.enemy[size_t(r)] = enemy_[size_t(r)];
  }
  s.cannon = pos_;
  s.direction = direction_;
  s.score = score_;
  s.rampIndex = rampIndex_;
  s.moveInterval = moveInterval_;
  s.shotCooldown = playerShotTimer_;
  s.terminal = terminal_;
  s.lastAction = lastAction_;
  return s;
}

}  // namespace rl

namespace rl {

void Invaders::persist(StateIO& io) {
  io.section("invaders");
  io.io(sticky_), io.io(ramping_), io.io(minimalActions_);
  for (Rows* rows : {&aliens_, &friendly_, &enemy_})
    for (uint16_t& r : *rows) io.io(r);
  io.io(pos_), io.io(direction_), io.io(moveInterval_), io.io(moveTimer_), io.io(shotTimer_), io.io(playerShotTimer_);
  io.io(rampIndex_), io.io(score_), io.io(terminal_);
  std::string mt = random_.state();
  io.io(mt);
  if (io.reading() && !random_.setState(mt)) io.fail("the sticky-action generator's state does not read");
  io.io(lastAction_);
  if (io.reading()) obsDirty_ = true;
}

}  // namespace rl
