#include "app/record/replay_ring.hpp"

#include <algorithm>
#include <set>

namespace gui {

namespace {

template <class T>
size_t vecBytes(const std::vector<T>& v) {
  return v.capacity() * sizeof(T);
}

size_t renderBytes(const rl::RenderState& r) {
  if (const auto* g = std::get_if<rl::GridRenderState>(&r))
    return vecBytes(g->wall) + vecBytes(g->reward) + vecBytes(g->vStar) + vecBytes(g->qStar) + vecBytes(g->actionMask) +
           vecBytes(g->pit);
  if (const auto* g = std::get_if<rl::Gan1dRenderState>(&r))
    return vecBytes(g->density) + vecBytes(g->real) + vecBytes(g->fake) + g->target.capacity();
  return 0;  // the invaders and the pendulums are fixed-size structs
}

}  // namespace

std::shared_ptr<const rl::Snapshot> ReplayRing::slimCopy(const rl::Snapshot& s) {
  auto slim = std::make_shared<rl::Snapshot>();
  slim->version = s.version;
  slim->envId = s.envId;
  slim->algoId = s.algoId;
  slim->seed = s.seed;
  slim->envSteps = s.envSteps;
  slim->lifetimeSteps = s.lifetimeSteps;
  slim->updates = s.updates;
  slim->episodes = s.episodes;
  slim->lastReturn = s.lastReturn;
  slim->currentReturn = s.currentReturn;
  slim->render = s.render;
  // The gridworld's cells are coloured by the learned Q (or π) table: app/views/grid_view.cpp reads them.
  if (std::holds_alternative<rl::GridRenderState>(s.render)) {
    if (s.insights.q) {
      rl::QInsight q;
      q.numStates = s.insights.q->numStates;
      q.numActions = s.insights.q->numActions;
      q.table = s.insights.q->table;
      slim->insights.q = std::move(q);
    }
    if (s.insights.policy) {
      rl::PolicyInsight p;
      p.numStates = s.insights.policy->numStates;
      p.numActions = s.insights.policy->numActions;
      p.table = s.insights.policy->table;
      slim->insights.policy = std::move(p);
    }
  }
  return slim;
}

size_t ReplayRing::approxBytes(const rl::Snapshot& slim) {
  size_t b = sizeof(rl::Snapshot) + sizeof(ReplayFrame) + slim.envId.capacity() + slim.algoId.capacity() +
             renderBytes(slim.render);
  if (slim.insights.q) b += sizeof(rl::QInsight) + vecBytes(slim.insights.q->table);
  if (slim.insights.policy) b += sizeof(rl::PolicyInsight) + vecBytes(slim.insights.policy->table);
  return b;
}

bool ReplayRing::record(const rl::Snapshot& s, double time) {
  if (limits_.maxEpisodes <= 0) return false;
  // Another env or algorithm, or a Reset (the step count since the reset went back): a new run, whose timeline does
  // not continue the old run's episodes.
  const bool reset = !frames_.empty() && s.envSteps < frames_.back().envStep;
  if (s.envId != envId_ || s.algoId != algoId_ || reset) {
    clear();
    envId_ = s.envId, algoId_ = s.algoId;
  }
  if (!frames_.empty() && frames_.back().step == s.lifetimeSteps) return false;  // nothing moved
  if (std::holds_alternative<std::monostate>(s.render)) return false;             // nothing to draw
  ReplayFrame f;
  f.id = nextId_++;
  f.episode = s.episodes;
  f.step = s.lifetimeSteps;
  f.envStep = s.envSteps;
  f.time = time;
  f.snap = slimCopy(s);
  f.bytes = approxBytes(*f.snap);
  bytes_ += f.bytes;
  frames_.push_back(std::move(f));
  trim();
  return true;
}

void ReplayRing::trim() {
  auto dropFront = [&] {
    bytes_ -= frames_.front().bytes;
    frames_.pop_front();
  };
  // Episodes: drop the oldest episode's frames while more than maxEpisodes are held and enough frames stay.
  // A reset sets the counter back; every change of it is a boundary, so count runs of equal values.
  for (;;) {
    size_t runs = 0, firstRun = 0;
    for (size_t i = 0; i < frames_.size(); ++i)
      if (i == 0 || frames_[i].episode != frames_[i - 1].episode) {
        ++runs;
        if (runs == 2) firstRun = i;
      }
    if (runs <= size_t(limits_.maxEpisodes) || frames_.size() - firstRun < limits_.minFrames) break;
    for (size_t k = 0; k < firstRun; ++k) dropFront();
  }
  while (bytes_ > limits_.maxBytes && frames_.size() > 1) dropFront();  // the hard cap wins over everything
}

void ReplayRing::clear() {
  frames_.clear();
  bytes_ = 0;
  envId_.clear();
  algoId_.clear();
}

void ReplayRing::setLimits(Limits limits) {
  limits_ = limits;
  if (limits_.maxEpisodes <= 0) clear();
  else trim();
}

size_t ReplayRing::indexOf(uint64_t id) const {
  if (frames_.empty()) return 0;
  if (id <= frames_.front().id) return 0;
  return std::min(size_t(id - frames_.front().id), frames_.size() - 1);
}

size_t ReplayRing::episodes() const {
  size_t runs = 0;
  for (size_t i = 0; i < frames_.size(); ++i) runs += i == 0 || frames_[i].episode != frames_[i - 1].episode;
  return runs;
}

void TimelineState::step(const ReplayRing& ring, long delta) {
  if (ring.empty()) return;
  const long last = long(ring.size()) - 1;
  const long at = scrubbing ? long(ring.indexOf(frameId)) : last;
  scrubbing = true;
  frameId = ring[size_t(std::clamp(at + delta, 0L, last))].id;
}

}  // namespace gui
