// Parameters are described once — name, type, range, default, meaning, whether a change needs a reset — and the
// GUI panel, the CLI's --set, `rllens list` and validation are all generated from that description.
#pragma once
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

namespace rl {

enum class ParamType { Float, Int, Bool, Choice };

struct ParamSpec {
  std::string name;   // identifier used by --set and the command log, e.g. "alpha"
  std::string label;  // short label shown in the GUI, e.g. "learning rate α"
  ParamType type = ParamType::Float;
  double min = 0.0, max = 1.0, def = 0.0;
  std::string help;                  // one-line meaning, shown as a tooltip and by `rllens list`
  bool needsReset = false;           // a change is stored now but takes effect on the next reset
  bool logScale = false;             // GUI slider in log space
  std::vector<std::string> choices;  // for Choice: labels, the value is the index
  // The parameter applies only in some modes: "name=value" or "name=v1|v2" over another parameter of the same table
  // (values as --set writes them). Empty: always. The panel greys it otherwise, saying when it applies.
  std::string activeWhen;
};

// Whether spec applies given a lookup of the other parameters' values (activeWhen; unknown names count as active).
bool isActive(const ParamSpec& spec, const std::function<const ParamSpec*(std::string_view)>& find,
              const std::function<double(std::string_view)>& value);

std::string_view typeName(ParamType t);
std::string formatValue(const ParamSpec& spec, double v);
// Range/type check. Returns an empty string when valid, else a message naming the parameter and what was expected.
std::string validate(const ParamSpec& spec, double v);
// Parses a textual value ("0.1", "true", a choice label or index). Throws std::invalid_argument with a message that
// names the parameter and the expected form.
double parseValue(const ParamSpec& spec, std::string_view text);
std::string describeRange(const ParamSpec& spec);

// A set of parameters bound to fields of a config struct. Owners (envs, agents) build one in their constructor:
//   params_.add({"alpha", "α", ParamType::Float, 0, 1, 0.1, "step size"}, &cfg_.alpha);
class ParamTable {
 public:
  using Field = std::variant<double*, float*, int*, bool*>;
  void add(ParamSpec spec, Field field);
  const std::vector<ParamSpec>& specs() const { return specs_; }
  const ParamSpec* find(std::string_view name) const;
  double get(std::string_view name) const;
  // Sets a validated value; throws std::invalid_argument naming the parameter when it is unknown or out of range.
  void set(std::string_view name, double v);
  void resetToDefaults();
  // Marks a parameter as applying only when `condition` holds ("exploration=boltzmann"; see ParamSpec::activeWhen).
  void activeWhen(std::string_view name, std::string condition);

 private:
  std::vector<ParamSpec> specs_;
  std::vector<Field> fields_;
};

}  // namespace rl
