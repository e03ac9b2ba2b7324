#include "core/params.hpp"
#include "core/text.hpp"

#include <cmath>
#include <cstdio>
#include <stdexcept>

namespace rl {

std::string_view typeName(ParamType t) {
  switch (t) {
    case ParamType::Float: return "float";
    case ParamType::Int: return "int";
    case ParamType::Bool: return "bool";
    case ParamType::Choice: return "choice";
  }
  return "?";
}

std::string formatValue(const ParamSpec& spec, double v) {
  char buf[64];
  switch (spec.type) {
    case ParamType::Bool: return v != 0.0 ? "true" : "false";
    case ParamType::Int: std::snprintf(buf, sizeof buf, "%lld", (long long)std::llround(v)); return buf;
    case ParamType::Choice: {
      const auto i = size_t(std::llround(v));
      return i < spec.choices.size() ? spec.choices[i] : std::to_string(i);
    }
    case ParamType::Float: std::snprintf(buf, sizeof buf, "%g", v); return buf;
  }
  return "?";
}

std::string describeRange(const ParamSpec& spec) {
  switch (spec.type) {
    case ParamType::Bool: return "true|false";
    case ParamType::Choice: {
      std::string s;
      for (size_t i = 0; i < spec.choices.size(); ++i) s += (i ? "|" : "") + spec.choices[i];
      return s;
    }
    default: return "[" + formatValue(spec, spec.min) + ", " + formatValue(spec, spec.max) + "]";
  }
}

std::string validate(const ParamSpec& spec, double v) {
  const std::string where = "parameter '" + spec.name + "'";
  if (!std::isfinite(v)) return where + ": value must be a finite number";
  switch (spec.type) {
    case ParamType::Bool:
      if (v != 0.0 && v != 1.0) return where + ": expected true or false";
      return {};
    case ParamType::Choice:
      if (v != std::floor(v) || v < 0 || v >= double(spec.choices.size()))
        return where + ": expected one of " + describeRange(spec);
      return {};
    case ParamType::Int:
      if (v != std::floor(v)) return where + ": expected an integer in " + describeRange(spec);
      [[fallthrough]];
    case ParamType::Float:
      if (v < spec.min || v > spec.max)
      {
        char buf[40];  // every digit that matters: 1.0000001 is not "1"
        std::snprintf(buf, sizeof buf, "%.10g", v);
        return where + ": " + buf + " is out of range, expected a value in " + describeRange(spec);
      }
      return {};
  }
  return {};
}

double parseValue(const ParamSpec& spec, std::string_view text) {
  const std::string s(text);
  const std::string where = "parameter '" + spec.name + "'";
  if (spec.type == ParamType::Bool) {
    if (s == "true" || s == "1" || s == "on" || s == "yes") return 1.0;
    if (s == "false" || s == "0" || s == "off" || s == "no") return 0.0;
    throw std::invalid_argument(where + ": '" + quoteInput(s) + "' is not a boolean, expected true or false");
  }
  if (spec.type == ParamType::Choice) {
    for (size_t i = 0; i < spec.choices.size(); ++i)
      if (spec.choices[i] == s) return double(i);
  }
  double v = 0;
  if (!parseFiniteDouble(s, v)) {  // the whole text, decimal, finite: no " 1", "0x1p-2", "0.5xyz", "nan"
    const std::string expected =
        spec.type == ParamType::Choice ? "one of " + describeRange(spec)
                                       : std::string(spec.type == ParamType::Int ? "an integer" : "a number") +
                                             " in " + describeRange(spec);
    throw std::invalid_argument(where + ": '" + quoteInput(s) + "' is not valid, expected " + expected);
  }
  return v;
}

bool isActive(const ParamSpec& spec, const std::function<const ParamSpec*(std::string_view)>& find,
              const std::function<double(std::string_view)>& value) {
  if (spec.activeWhen.empty()) return true;
  const size_t eq = spec.activeWhen.find('=');
  const std::string name = spec.activeWhen.substr(0, eq);
  const ParamSpec* other = find(name);
  if (!other || eq == std::string::npos) return true;
  const double v = value(name);
  std::string_view rest(spec.activeWhen);
  rest.remove_prefix(eq + 1);
  while (!rest.empty()) {
    const size_t bar = rest.find('|');
    try {
      if (parseValue(*other, rest.substr(0, bar)) == v) return true;
    } catch (const std::invalid_argument&) {
    }
    if (bar == std::string_view::npos) break;
    rest.remove_prefix(bar + 1);
  }
  return false;
}

void ParamTable::activeWhen(std::string_view name, std::string condition) {
  for (auto& s : specs_)
    if (s.name == name) s.activeWhen = std::move(condition);
}

void ParamTable::add(ParamSpec spec, Field field) {
  if (find(spec.name)) throw std::logic_error("parameter '" + spec.name + "' declared twice");  // a programming error
  specs_.push_back(std::move(spec));
  fields_.push_back(field);
  std::visit([&](auto* p) { *p = static_cast<std::remove_pointer_t<decltype(p)>>(specs_.back().def); }, field);
}

const ParamSpec* ParamTable::find(std::string_view name) const {
  for (const auto& s : specs_)
    if (s.name == name) return &s;
  return nullptr;
}

double ParamTable::get(std::string_view name) const {
  for (size_t i = 0; i < specs_.size(); ++i)
    if (specs_[i].name == name) return std::visit([](auto* p) { return double(*p); }, fields_[i]);
  throw std::invalid_argument("unknown parameter '" + quoteInput(name) + "'");
}

void ParamTable::set(std::string_view name, double v) {
  for (size_t i = 0; i < specs_.size(); ++i) {
    if (specs_[i].name != name) continue;
    if (auto err = validate(specs_[i], v); !err.empty()) throw std::invalid_argument(err);
    std::visit([&](auto* p) { *p = static_cast<std::remove_pointer_t<decltype(p)>>(v); }, fields_[i]);
    return;
  }
  throw std::invalid_argument("unknown parameter '" + quoteInput(name) + "'");
}

void ParamTable::resetToDefaults() {
  for (size_t i = 0; i < specs_.size(); ++i)
    std::visit([&](auto* p) { *p = static_cast<std::remove_pointer_t<decltype(p)>>(specs_[i].def); }, fields_[i]);
}

}  // namespace rl
