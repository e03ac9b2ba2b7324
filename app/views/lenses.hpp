// The lens table (DESIGN.md §9): every lens is a row — id, name, why it is greyed, when it is available (from the
// snapshot's insights) and its draw function. The toolbar lists the rows; the lens panel draws the selected one, or
// says in one line why it has nothing to show for the current algorithm.
#pragma once
#include <string>
#include <vector>

#include "app/views/ui_state.hpp"
#include "core/session/snapshot.hpp"

namespace gui {

struct LensDef {
  const char* id;
  const char* name;
  const char* needs;  // the one-line reason shown when it is greyed: which algorithms feed it, truthfully
  bool (*available)(const rl::Insights&);
  void (*draw)(const rl::Snapshot&, UiState&);  // null: nothing built for it yet
};

const std::vector<LensDef>& lenses();
const LensDef* findLens(const std::string& id);
// The lens panel: the selected lens, or its reason when the current algorithm feeds it nothing.
void drawLensPanel(const rl::Snapshot& s, UiState& ui);

}  // namespace gui
