// Quoting user input in messages: one line, valid UTF-8, bounded length, whatever the input held.
#pragma once
#include <string>
#include <string_view>

namespace rl {

// The input as it may appear inside '…' in an error message: printable ASCII and well-formed UTF-8 kept, every
// other byte (controls, CR/LF, NUL, broken UTF-8) written \xHH, cut after maxChars characters with "…".
std::string quoteInput(std::string_view s, size_t maxChars = 60);

// Strict number parsing for user input: the whole text must be the number (no leading/trailing spaces, no hex, no
// "0.5xyz"), and the value finite and in range. Return false otherwise.
bool parseFiniteDouble(std::string_view s, double& out);
bool parseUnsigned(std::string_view s, unsigned long long& out);  // decimal digits only
bool parseInt(std::string_view s, long long& out);                // optional '-', then decimal digits

}  // namespace rl
