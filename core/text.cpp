#include "core/text.hpp"

#include <cerrno>
#include <charconv>
#include <cmath>
#include <cstdio>
#include <cstdlib>

namespace rl {

namespace {
// Length of the well-formed UTF-8 sequence at s[i] (1–4), or 0 when it is not one (RFC 3629).
size_t utf8Length(std::string_view s, size_t i) {
  const auto b = [&](size_t k) { return static_cast<unsigned char>(s[i + k]); };
  const unsigned c = b(0);
  const size_t len = c < 0x80 ? 1 : (c >> 5) == 6 ? 2 : (c >> 4) == 14 ? 3 : (c >> 3) == 30 ? 4 : 0;
  if (len == 0 || i + len > s.size() || (len == 2 && c < 0xC2)) return 0;
  for (size_t k = 1; k < len; ++k)
    if ((b(k) & 0xC0) != 0x80) return 0;
  if (len == 3 && ((c == 0xE0 && b(1) < 0xA0) || (c == 0xED && b(1) >= 0xA0))) return 0;
  if (len == 4 && ((c == 0xF0 && b(1) < 0x90) || c > 0xF4 || (c == 0xF4 && b(1) >= 0x90))) return 0;
  return len;
}
}  // namespace

std::string quoteInput(std::string_view s, size_t maxChars) {
  std::string out;
  size_t chars = 0;
  for (size_t i = 0; i < s.size();) {
    if (chars == maxChars) return out + "…";
    const unsigned char c = static_cast<unsigned char>(s[i]);
    const size_t len = utf8Length(s, i);
    if (len == 1 && c >= 0x20 && c != 0x7F) {
      out += char(c);
    } else if (len > 1) {
      out.append(s.substr(i, len));
    } else {
      char buf[8];
      std::snprintf(buf, sizeof buf, "\\x%02X", c);
      out += buf;
      i += 1, ++chars;
      continue;
    }
    i += len, ++chars;
  }
  return out;
}

bool parseFiniteDouble(std::string_view s, double& out) {
  if (s.empty() || s.size() > 64) return false;
  const char first = s[0];
  if (!(first == '-' || first == '+' || first == '.' || (first >= '0' && first <= '9'))) return false;
  for (char ch : s)  // decimal notation only: no hex floats, no inf/nan spelled out
    if (!((ch >= '0' && ch <= '9') || ch == '.' || ch == 'e' || ch == 'E' || ch == '-' || ch == '+')) return false;
  const std::string z(s);  // strtod wants a terminated string
  char* end = nullptr;
  errno = 0;
  const double v = std::strtod(z.c_str(), &end);
  if (end != z.c_str() + z.size() || errno == ERANGE || !std::isfinite(v)) return false;
  out = v;
  return true;
}

bool parseUnsigned(std::string_view s, unsigned long long& out) {
  if (s.empty() || s.size() > 20) return false;
  for (char ch : s)
    if (ch < '0' || ch > '9') return false;
  const auto r = std::from_chars(s.data(), s.data() + s.size(), out);
  return r.ec == std::errc() && r.ptr == s.data() + s.size();
}

bool parseInt(std::string_view s, long long& out) {
  if (s.empty() || s.size() > 20) return false;
  for (size_t i = 0; i < s.size(); ++i)
    if ((s[i] < '0' || s[i] > '9') && !(i == 0 && s[i] == '-' && s.size() > 1)) return false;
  const auto r = std::from_chars(s.data(), s.data() + s.size(), out);
  return r.ec == std::errc() && r.ptr == s.data() + s.size();
}

}  // namespace rl
