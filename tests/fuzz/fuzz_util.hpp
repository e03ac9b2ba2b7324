// Shared checks of the fuzz targets: every message for bad input is one line of valid UTF-8 of bounded length.
#pragma once
#include <cstdint>
#include <cstdlib>
#include <string_view>

namespace rlfuzz {

inline bool validUtf8(std::string_view s) {
  for (size_t i = 0; i < s.size();) {
    const auto b = [&](size_t k) { return static_cast<unsigned char>(s[i + k]); };
    const unsigned c = b(0);
    const size_t len = c < 0x80 ? 1 : (c >> 5) == 6 ? 2 : (c >> 4) == 14 ? 3 : (c >> 3) == 30 ? 4 : 0;
    if (len == 0 || i + len > s.size() || (len == 2 && c < 0xC2)) return false;
    for (size_t k = 1; k < len; ++k)
      if ((b(k) & 0xC0) != 0x80) return false;
    if (len == 3 && ((c == 0xE0 && b(1) < 0xA0) || (c == 0xED && b(1) >= 0xA0))) return false;
    if (len == 4 && ((c == 0xF0 && b(1) < 0x90) || c > 0xF4 || (c == 0xF4 && b(1) >= 0x90))) return false;
    i += len;
  }
  return true;
}

// Aborts (a finding) when a user-facing message is multi-line, not UTF-8 or unbounded.
inline void checkMessage(std::string_view m) {
  if (m.find('\n') != std::string_view::npos || m.find('\r') != std::string_view::npos || !validUtf8(m) ||
      m.size() > 2000)
    std::abort();
}

}  // namespace rlfuzz
