#include "core/nn/params_io.hpp"

#include <bit>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iterator>

namespace rl::nn {

static_assert(std::endian::native == std::endian::little, "the weights format is little-endian; add byte swaps");

namespace {
constexpr char kMagic[8] = {'R', 'L', 'L', 'E', 'N', 'S', 'N', 'N'};
constexpr uint32_t kMaxNameLength = 4096;

template <class V>
void put(std::string& out, V v) {
  out.append(reinterpret_cast<const char*>(&v), sizeof v);
}

std::string shapeText(uint64_t rows, uint64_t cols) { return std::to_string(rows) + "×" + std::to_string(cols); }

// Bounds-checked reader over the file's bytes; running off the end means the file was cut short.
class Reader {
 public:
  Reader(const std::string& path, const std::vector<unsigned char>& bytes) : path_(path), bytes_(bytes) {}
  template <class V>
  V get(const char* field) {
    V v;
    need(sizeof v, field);
    std::memcpy(&v, bytes_.data() + pos_, sizeof v);
    pos_ += sizeof v;
    return v;
  }
  std::string getString(size_t n, const char* field) {
    need(n, field);
    std::string s(reinterpret_cast<const char*>(bytes_.data() + pos_), n);
    pos_ += n;
    return s;
  }
  size_t pos() const { return pos_; }

 private:
  void need(size_t n, const char* field) {
    if (bytes_.size() - pos_ < n)
      throw WeightsFileError(
          path_, "truncated: file ends at byte " + std::to_string(bytes_.size()) + " while reading the " + field);
  }
  const std::string& path_;
  const std::vector<unsigned char>& bytes_;
  size_t pos_ = 0;
};

struct Header {
  std::string name;
  uint32_t rows, cols;
};

template <class S, class T>
void decode(const unsigned char* src, Mat<T>& dst) {
  for (Eigen::Index i = 0; i < dst.size(); ++i) {
    S s;
    std::memcpy(&s, src + size_t(i) * sizeof(S), sizeof(S));
    dst.data()[i] = T(s);
  }
}
}  // namespace

uint64_t fnv1a64(const unsigned char* data, size_t size) {
  uint64_t h = 0xcbf29ce484222325ULL;
  for (size_t i = 0; i < size; ++i) h = (h ^ data[i]) * 0x100000001b3ULL;
  return h;
}

template <class T>
void saveTensors(const std::string& path, const std::vector<NamedTensor<T>>& tensors) {
  std::string out(kMagic, sizeof kMagic);
  put(out, kWeightsFormatVersion);
  put(out, uint32_t(sizeof(T)));
  put(out, uint32_t(tensors.size()));
  for (const NamedTensor<T>& t : tensors) {
    put(out, uint32_t(t.name.size()));
    out += t.name;
    put(out, uint32_t(t.value->rows()));
    put(out, uint32_t(t.value->cols()));
  }
  for (const NamedTensor<T>& t : tensors)
    out.append(reinterpret_cast<const char*>(t.value->data()), size_t(t.value->size()) * sizeof(T));
  put(out, fnv1a64(reinterpret_cast<const unsigned char*>(out.data()), out.size()));

  const std::string tmp = path + ".tmp";
  {
    std::ofstream f(tmp, std::ios::binary | std::ios::trunc);
    if (!f) throw WeightsFileError(path, "cannot open '" + tmp + "' for writing");
    f.write(out.data(), std::streamsize(out.size()));
    f.flush();
    if (!f) {
      std::error_code ec;
      std::filesystem::remove(tmp, ec);
      throw WeightsFileError(path, "write failed (disk full?)");
    }
  }
  std::error_code ec;
  std::filesystem::rename(tmp, path, ec);
  if (ec) {
    std::filesystem::remove(tmp, ec);
    throw WeightsFileError(path, "cannot rename the temporary file into place: " + ec.message());
  }
}

template <class T>
void loadTensors(const std::string& path, const std::vector<NamedTensor<T>>& tensors) {
  std::ifstream f(path, std::ios::binary);
  if (!f) throw WeightsFileError(path, "cannot open for reading");
  const std::vector<unsigned char> bytes((std::istreambuf_iterator<char>(f)), std::istreambuf_iterator<char>());
  Reader r(path, bytes);

  if (r.getString(sizeof kMagic, "magic") != std::string(kMagic, sizeof kMagic))
    throw WeightsFileError(path, "not an RL Lens weights file (bad magic)");
  const auto version = r.get<uint32_t>("version");
  if (version != kWeightsFormatVersion)
    throw WeightsFileError(path, "unsupported format version " + std::to_string(version) + " (this build reads " +
                                     std::to_string(kWeightsFormatVersion) + ")");
  const auto scalarBytes = r.get<uint32_t>("scalar size");
  if (scalarBytes != 4 && scalarBytes != 8)
    throw WeightsFileError(path, "corrupted: scalar size " + std::to_string(scalarBytes) + " (expected 4 or 8)");
  const auto count = r.get<uint32_t>("tensor count");
  std::vector<Header> headers;
  uint64_t payload = 0;
  for (uint32_t i = 0; i < count; ++i) {
    const auto len = r.get<uint32_t>("tensor name length");
    if (len > kMaxNameLength)
      throw WeightsFileError(path, "corrupted: tensor " + std::to_string(i) + " name length " + std::to_string(len));
    Header h;
    h.name = r.getString(len, "tensor name");
    h.rows = r.get<uint32_t>("tensor shape");
    h.cols = r.get<uint32_t>("tensor shape");
    payload += uint64_t(h.rows) * h.cols * scalarBytes;
    headers.push_back(std::move(h));
  }
  const uint64_t expected = r.pos() + payload + sizeof(uint64_t);
  if (bytes.size() < expected)
    throw WeightsFileError(path, "truncated: " + std::to_string(bytes.size()) + " bytes, the header announces " +
                                     std::to_string(expected));
  if (bytes.size() > expected)
    throw WeightsFileError(path, "corrupted: " + std::to_string(bytes.size() - expected) + " trailing bytes");
  uint64_t stored;
  std::memcpy(&stored, bytes.data() + bytes.size() - sizeof stored, sizeof stored);
  if (stored != fnv1a64(bytes.data(), bytes.size() - sizeof stored))
    throw WeightsFileError(path, "corrupted: checksum mismatch");

  if (headers.size() != tensors.size())
    throw WeightsFileError(path, "shape mismatch: the file has " + std::to_string(headers.size()) +
                                     " tensors, the network has " + std::to_string(tensors.size()));
  for (size_t i = 0; i < headers.size(); ++i) {
    const Header& h = headers[i];
    const Mat<T>& v = *tensors[i].value;
    if (h.name != tensors[i].name || h.rows != v.rows() || h.cols != v.cols())
      throw WeightsFileError(path, "shape mismatch at tensor " + std::to_string(i) + ": the file has '" + h.name +
                                       "' " + shapeText(h.rows, h.cols) + ", the network expects '" + tensors[i].name +
                                       "' " + shapeText(uint64_t(v.rows()), uint64_t(v.cols())));
  }

  // Everything checked: decode into temporaries, then swap (no throw from here on).
  std::vector<Mat<T>> values(headers.size());
  const unsigned char* src = bytes.data() + r.pos();
  for (size_t i = 0; i < headers.size(); ++i) {
    values[i].resize(headers[i].rows, headers[i].cols);
    if (scalarBytes == 4) {
      decode<float>(src, values[i]);
    } else {
      decode<double>(src, values[i]);
    }
    src += size_t(values[i].size()) * scalarBytes;
  }
  for (size_t i = 0; i < headers.size(); ++i) tensors[i].value->swap(values[i]);
}

template void saveTensors(const std::string&, const std::vector<NamedTensor<float>>&);
template void saveTensors(const std::string&, const std::vector<NamedTensor<double>>&);
template void loadTensors(const std::string&, const std::vector<NamedTensor<float>>&);
template void loadTensors(const std::string&, const std::vector<NamedTensor<double>>&);

}  // namespace rl::nn
