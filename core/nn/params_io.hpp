// Saving and loading network weights.
//
// File format "RL Lens weights", version 1. Binary, little-endian, every field fixed-width:
//
//   offset  size  field
//   0       8     magic "RLLENSNN"
//   8       4     u32 format version (1)
//   12      4     u32 bytes per scalar: 4 (float32) or 8 (float64), the saving network's T
//   16      4     u32 tensor count K
//   20      …     K shape headers: u32 name length L, L bytes of name (UTF-8, e.g. "0.Linear.weight"),
//                 u32 rows, u32 cols
//   …       …     K payloads, in header order: rows·cols scalars each, column-major
//   end−8   8     u64 FNV-1a-64 checksum of every byte before it
//
// The tensors are Layer::tensors(): parameters and buffers (BatchNorm running statistics), so an eval-mode network
// round-trips exactly. A file written by a float network loads into a double one and vice versa (values converted).
//
// load() checks, in order: the file opens, the magic, the version, the header is complete (else "truncated"), the
// file length equals header + payload + checksum (shorter: "truncated", longer: "trailing bytes"), the checksum,
// then every tensor's name and shape against the network. Any failure throws WeightsFileError whose message names
// the file and what was wrong, and the network is unchanged: values are decoded into temporaries and swapped in only
// once everything has been checked. save() writes "<path>.tmp" then renames it over path, so a crash mid-write
// never leaves a half-written file under the real name.
#pragma once
#include <stdexcept>
#include <string>

#include "core/nn/layer.hpp"

namespace rl::nn {

class WeightsFileError : public std::runtime_error {
 public:
  WeightsFileError(const std::string& path, const std::string& what)
      : std::runtime_error("weights file '" + path + "': " + what), path_(path) {}
  const std::string& path() const { return path_; }

 private:
  std::string path_;
};

inline constexpr uint32_t kWeightsFormatVersion = 1;

template <class T>
void saveTensors(const std::string& path, const std::vector<NamedTensor<T>>& tensors);
template <class T>
void loadTensors(const std::string& path, const std::vector<NamedTensor<T>>& tensors);

template <class T>
void saveWeights(const std::string& path, Layer<T>& net) {
  saveTensors(path, net.tensors());
}
template <class T>
void loadWeights(const std::string& path, Layer<T>& net) {
  loadTensors(path, net.tensors());
}

// FNV-1a, 64-bit: detects corruption (a flipped bit, a damaged block); it is not a cryptographic signature.
uint64_t fnv1a64(const unsigned char* data, size_t size);

}  // namespace rl::nn
