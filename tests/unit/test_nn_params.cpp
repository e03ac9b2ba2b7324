// Acceptance 3 and 4: hard copy, soft update, save/load round trip, every bad-file case (wrong shape, wrong version,
// truncated, corrupted, trailing bytes, bad magic, missing) with the network left unchanged, and a copied target
// network that trains independently of the original.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include "tests/unit/nn_test_util.hpp"

using namespace rl;
using namespace rl::nn;
using namespace rl::nn::test;
namespace fs = std::filesystem;

namespace {
// A net with every kind of persistent tensor: Linear, BatchNorm (with running-stat buffers), NoisyLinear.
SequentialF makeNet(Rng& rng, int hidden = 16) {
  SequentialF net;
  net.add(Linear<float>(4, hidden, rng));
  net.add(BatchNorm<float>(hidden));
  net.add(Activation<float>(Act::ReLU));
  net.add(NoisyLinear<float>(hidden, 3, rng));
  return net;
}

std::vector<Mat<float>> snapshot(SequentialF& net) {
  std::vector<Mat<float>> out;
  for (const NamedTensor<float>& t : net.tensors()) out.push_back(*t.value);
  return out;
}

bool sameValues(SequentialF& net, const std::vector<Mat<float>>& values) {
  const std::vector<NamedTensor<float>> ts = net.tensors();
  if (ts.size() != values.size()) return false;
  for (size_t i = 0; i < ts.size(); ++i)
    if (ts[i].value->rows() != values[i].rows() || ts[i].value->cols() != values[i].cols() || *ts[i].value != values[i])
      return false;
  return true;
}

std::vector<char> readBytes(const std::string& path) {
  std::ifstream f(path, std::ios::binary);
  return {std::istreambuf_iterator<char>(f), std::istreambuf_iterator<char>()};
}

void writeBytes(const std::string& path, const std::vector<char>& bytes) {
  std::ofstream f(path, std::ios::binary | std::ios::trunc);
  f.write(bytes.data(), std::streamsize(bytes.size()));
}

class NnWeightsFile : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() / ("rllens_nn_test_" + std::to_string(::getpid()));
    fs::create_directories(dir_);
  }
  void TearDown() override { fs::remove_all(dir_); }
  std::string path(const std::string& name) const { return (dir_ / name).string(); }

  // Loading `file` into `net` throws WeightsFileError naming the file and containing `reason`; net is unchanged.
  void expectRejected(const std::string& file, SequentialF& net, const std::string& reason) {
    const std::vector<Mat<float>> before = snapshot(net);
    try {
      loadWeights(file, net);
      ADD_FAILURE() << "loading " << file << " should have thrown (" << reason << ")";
    } catch (const WeightsFileError& e) {
      const std::string msg = e.what();
      EXPECT_NE(msg.find(file), std::string::npos) << msg;
      EXPECT_NE(msg.find(reason), std::string::npos) << msg;
      EXPECT_EQ(e.path(), file);
    }
    EXPECT_TRUE(sameValues(net, before)) << "network changed by a failed load (" << reason << ")";
  }

  fs::path dir_;
};
}  // namespace

TEST(NnParams, HardCopyIncludesBuffersAndSoftUpdateIsPolyak) {
  Rng rng(1);
  SequentialF online = makeNet(rng), target = makeNet(rng);
  online.forward(Mat<float>::Random(4, 8));  // moves BatchNorm's running statistics off their initial values
  hardCopy(target, online);
  EXPECT_TRUE(sameValues(target, snapshot(online)));

  SequentialF target2 = makeNet(rng);
  const std::vector<Mat<float>> before = snapshot(target2), src = snapshot(online);
  softUpdate(target2, online, 0.25);
  const std::vector<NamedTensor<float>> ts = target2.tensors();
  for (size_t i = 0; i < ts.size(); ++i) {
    const Mat<float> expected = 0.25f * src[i] + 0.75f * before[i];
    EXPECT_LT((*ts[i].value - expected).cwiseAbs().maxCoeff(), 1e-6f) << ts[i].name;
  }
  SequentialF other = makeNet(rng, 8);
  EXPECT_THROW(hardCopy(other, online), std::invalid_argument);
  EXPECT_EQ(paramCount(online.params()), 4 * 16 + 16 + 16 + 16 + 2 * (16 * 3 + 3));
}

// Acceptance 4: a target network copied from the online network (and an optimiser copied with it) learns on its own:
// training the copy never moves the original, and the original's later training is bit-identical to a replay that
// never made the copy (so no optimiser state was shared).
TEST(NnParams, CopiedNetworkTrainsIndependently) {
  Rng rng(2);
  SequentialF online = makeMlp<float>({3, 16, 2}, "tanh", rng);
  Adam<float> opt({.lr = 1e-2});
  const Mat<float> x = Mat<float>::Random(3, 8), y = Mat<float>::Random(2, 8), y2 = Mat<float>::Random(2, 8);
  auto train = [&x](SequentialF& net, Optimizer<float>& o, const Mat<float>& target, int steps) {
    for (int i = 0; i < steps; ++i) {
      net.zeroGrad();
      net.backward(mse<float>(net.forward(x), target).grad);
      o.step(net.params());
    }
  };
  train(online, opt, y, 5);
  SequentialF replay = online;  // the control: the same state, never involved with the copy
  Adam<float> replayOpt = opt;

  SequentialF copy = online;
  Adam<float> copyOpt = opt;
  const std::vector<Mat<float>> onlineBefore = snapshot(online);
  train(copy, copyOpt, y2, 20);
  EXPECT_TRUE(sameValues(online, onlineBefore)) << "training the copy moved the original";
  EXPECT_FALSE(sameValues(copy, onlineBefore));

  train(online, opt, y, 5);
  train(replay, replayOpt, y, 5);
  EXPECT_TRUE(sameValues(online, snapshot(replay))) << "the original's optimiser state was disturbed by the copy";

  // A target net (no optimiser) stays put while the online net trains, until the next hard copy.
  SequentialF target = online;
  const std::vector<Mat<float>> targetBefore = snapshot(target);
  train(online, opt, y2, 3);
  EXPECT_TRUE(sameValues(target, targetBefore));
  hardCopy(target, online);
  EXPECT_TRUE(sameValues(target, snapshot(online)));
}

TEST_F(NnWeightsFile, RoundTripRestoresOutputsExactly) {
  Rng rng(3);
  SequentialF net = makeNet(rng);
  net.forward(Mat<float>::Random(4, 8));
  net.setTraining(false);
  const Mat<float> x = Mat<float>::Random(4, 5);
  const Mat<float> y = net.forward(x);
  const std::string file = path("net.rlw");
  saveWeights(file, net);
  EXPECT_FALSE(fs::exists(file + ".tmp"));

  Rng other(99);
  SequentialF loaded = makeNet(other);
  loaded.setTraining(false);
  EXPECT_NE(loaded.forward(x), y);
  loadWeights(file, loaded);
  EXPECT_TRUE(sameValues(loaded, snapshot(net)));
  EXPECT_EQ(loaded.forward(x), y);

  // float file into a double network (and back): values convert.
  Rng r3(3);
  Sequential<double> dnet;
  dnet.add(Linear<double>(4, 16, r3));
  dnet.add(BatchNorm<double>(16));
  dnet.add(Activation<double>(Act::ReLU));
  dnet.add(NoisyLinear<double>(16, 3, r3));
  loadWeights(file, dnet);
  EXPECT_EQ(dnet.tensors()[0].value->cast<float>(), *net.tensors()[0].value);
}

TEST_F(NnWeightsFile, WrongShapeIsRejected) {
  Rng rng(4);
  SequentialF small = makeNet(rng, 8), net = makeNet(rng, 16);
  const std::string file = path("small.rlw");
  saveWeights(file, small);
  expectRejected(file, net, "shape mismatch at tensor 0");
  SequentialF fewer = makeMlp<float>({4, 16}, "relu", rng);
  const std::string file2 = path("fewer.rlw");
  saveWeights(file2, fewer);
  expectRejected(file2, net, "the file has 2 tensors, the network has 10");
}

TEST_F(NnWeightsFile, WrongVersionIsRejected) {
  Rng rng(5);
  SequentialF net = makeNet(rng);
  const std::string file = path("v2.rlw");
  saveWeights(file, net);
  std::vector<char> bytes = readBytes(file);
  bytes[8] = 2;  // u32 version at offset 8
  writeBytes(file, bytes);
  expectRejected(file, net, "unsupported format version 2");
}

TEST_F(NnWeightsFile, TruncatedFilesAreRejected) {
  Rng rng(6);
  SequentialF net = makeNet(rng);
  const std::string file = path("full.rlw");
  saveWeights(file, net);
  const std::vector<char> bytes = readBytes(file);
  // Cut inside the magic, the header, the payload, and the checksum.
  for (size_t keep : {size_t(0), size_t(5), size_t(30), bytes.size() / 2, bytes.size() - 3}) {
    const std::string cut = path("cut" + std::to_string(keep) + ".rlw");
    writeBytes(cut, std::vector<char>(bytes.begin(), bytes.begin() + std::ptrdiff_t(keep)));
    expectRejected(cut, net, "truncated");
  }
}

TEST_F(NnWeightsFile, CorruptedFilesAreRejected) {
  Rng rng(7);
  SequentialF net = makeNet(rng);
  const std::string file = path("good.rlw");
  saveWeights(file, net);
  const std::vector<char> bytes = readBytes(file);

  std::vector<char> flipped = bytes;
  flipped[bytes.size() - 100] ^= 0x10;  // one bit in the payload
  writeBytes(path("flip.rlw"), flipped);
  expectRejected(path("flip.rlw"), net, "checksum mismatch");

  std::vector<char> longer = bytes;
  longer.push_back(0);
  writeBytes(path("long.rlw"), longer);
  expectRejected(path("long.rlw"), net, "trailing bytes");

  std::vector<char> magic = bytes;
  magic[0] = 'X';
  writeBytes(path("magic.rlw"), magic);
  expectRejected(path("magic.rlw"), net, "bad magic");

  expectRejected(path("missing.rlw"), net, "cannot open");
}

TEST_F(NnWeightsFile, SaveToAnUnwritablePlaceThrowsNamingTheFile) {
  Rng rng(8);
  SequentialF net = makeNet(rng);
  const std::string file = path("no/such/dir/net.rlw");
  try {
    saveWeights(file, net);
    FAIL();
  } catch (const WeightsFileError& e) {
    EXPECT_NE(std::string(e.what()).find(file), std::string::npos);
  }
}
