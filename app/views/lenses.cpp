#include "app/views/lenses.hpp"

#include "app/views/views.hpp"

namespace gui {

namespace {
bool hasQ(const rl::Insights& i) { return i.q.has_value(); }
bool hasPolicy(const rl::Insights& i) { return i.policy.has_value() || i.ratio.has_value(); }
bool hasActorCritic(const rl::Insights& i) { return i.advantage.has_value() || i.pathwise.has_value(); }
bool hasGan(const rl::Insights& i) { return i.gan.has_value(); }
}  // namespace

const std::vector<LensDef>& lenses() {
  static const std::vector<LensDef> kLenses = {
      {"q", "Q-values", "needs an algorithm that learns Q(s,a): q-learning, sarsa, expected-sarsa, mc-control or dqn",
       hasQ, drawQLens},
      {"policy", "Policy gradient", "needs a policy-gradient algorithm: reinforce or ppo", hasPolicy, drawPolicyLens},
      {"actor-critic", "Actor-critic",
       "needs an algorithm with a critic: actor-critic, a2c, a3c, ddpg, or ppo and reinforce for their advantage "
       "curves",
       hasActorCritic, drawActorCriticLens},
      {"gan", "GAN", "needs a GAN algorithm on gan1d: gan or gan-as-ac", hasGan, drawGanLens},
  };
  return kLenses;
}

const LensDef* findLens(const std::string& id) {
  for (const LensDef& l : lenses())
    if (id == l.id) return &l;
  return nullptr;
}

void drawLensPanel(const rl::Snapshot& s, UiState& ui) {
  const LensDef* l = findLens(ui.lens);
  if (!l) l = &lenses().front();
  if (!l->draw || !l->available(s.insights)) {
    ImGui::TextDisabled("%s lens", l->name);
    ImGui::PushStyleColor(ImGuiCol_Text, ImGui::GetStyleColorVec4(ImGuiCol_TextDisabled));
    ImGui::TextWrapped("Nothing to show for %s: this lens %s.", s.algoId.c_str(), l->needs);
    ImGui::PopStyleColor();
    return;
  }
  beginLensSections(ui);
  l->draw(s, ui);
  endLensSections(ui);
}

}  // namespace gui
