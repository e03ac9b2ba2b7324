// `rllens env rollout` reproduces the reference rollouts when given their actions.
#include <gtest/gtest.h>

#include <array>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>
#include <sys/wait.h>

namespace {

std::pair<int, std::string> run(const std::string& args) {
  FILE* p = popen((std::string(RLLENS_BIN " ") + args + " 2>&1").c_str(), "r");
  std::string out;
  std::array<char, 65536> buf;
  size_t n;
  while ((n = fread(buf.data(), 1, buf.size(), p)) > 0) out.append(buf.data(), n);
  const int status = pclose(p);
  return {WIFEXITED(status) ? WEXITSTATUS(status) : -1, out};
}

std::vector<nlohmann::json> lines(const std::string& out) {
  std::vector<nlohmann::json> v;
  std::stringstream ss(out);
  for (std::string line; std::getline(ss, line);) v.push_back(nlohmann::json::parse(line));
  return v;
}

std::string tempFile(const std::string& name, const std::string& contents) {
  const auto path = std::filesystem::temp_directory_path() / ("rllens_rollout_" + std::to_string(::getpid()) + name);
  std::ofstream(path) << contents;
  return path.string();
}

}  // namespace

TEST(Rollout, InvadersMatchesMinatarReference) {
  std::ifstream in(RLLENS_TEST_DATA "/minatar_space_invaders_rollout.json");
  const auto ref = nlohmann::json::parse(in);
  for (const bool sticky : {false, true}) {
    const auto& steps = sticky ? ref["bonus_sticky_0.1_seed0"]["steps"] : ref["steps"];
    std::string actions;
    for (const auto& s : steps) actions += std::to_string(s["a"].get<int>()) + "\n";
    const auto [code, out] = run("env rollout --env invaders --seed 0 --set sticky=" + std::string(sticky ? "0.1" : "0") +
                                 " --actions " + tempFile(sticky ? "s.txt" : "a.txt", actions) + " --format jsonl");
    ASSERT_EQ(code, 0) << out.substr(0, 500);
    const auto got = lines(out);
    ASSERT_EQ(got.size(), 500u);
    for (size_t t = 0; t < got.size(); ++t) {
      ASSERT_EQ(got[t]["hash"], steps[t]["hash"]) << "sticky=" << sticky << " t=" << t;
      ASSERT_EQ(got[t]["reward"].get<double>(), steps[t]["r"].get<double>()) << "t=" << t;
      ASSERT_EQ(got[t]["terminated"], steps[t]["terminal"]) << "t=" << t;
      if (sticky) ASSERT_EQ(got[t]["effective_action"], steps[t]["a_effective"]) << "t=" << t;
      ASSERT_EQ(got[t]["obs"].size(), 600u);
    }
  }
}

TEST(Rollout, PendulumMatchesGymnasiumReference) {
  std::ifstream in(RLLENS_TEST_DATA "/pendulum_v1_rollout.csv");
  std::string header, line, actions;
  std::getline(in, header);
  std::vector<std::array<double, 7>> rows;
  while (std::getline(in, line)) {
    std::array<double, 7> r{};
    std::stringstream ss(line);
    char c;
    ss >> r[0];
    for (int i = 1; i < 7; ++i) ss >> c >> r[size_t(i)];
    rows.push_back(r);
    char buf[40];
    std::snprintf(buf, sizeof buf, "%.17g\n", r[3]);
    actions += buf;
  }
  const auto [code, out] =
      run("env rollout --env pendulum --init theta=1,thetadot=0 --actions " + tempFile("p.txt", actions));
  ASSERT_EQ(code, 0) << out.substr(0, 500);
  const auto got = lines(out);
  ASSERT_EQ(got.size(), 200u);
  for (size_t t = 0; t < got.size(); ++t) {
    EXPECT_NEAR(got[t]["reward"].get<double>(), rows[t][4], 1e-9) << "t=" << t;
    EXPECT_NEAR(got[t]["state"][0].get<double>(), rows[t][5], 1e-9) << "t=" << t;
    EXPECT_NEAR(got[t]["state"][1].get<double>(), rows[t][6], 1e-9) << "t=" << t;
    EXPECT_NEAR(got[t]["obs"][0].get<double>(), std::cos(rows[t][5]), 1e-6) << "t=" << t;
    EXPECT_EQ(got[t]["truncated"].get<bool>(), t == 199) << "t=" << t;  // the TimeLimit of 200
  }
}

TEST(Rollout, BadActionsExitTwoNamingTheStepAndValue) {
  auto [code, out] = run("env rollout --env invaders --actions 5,1,7");
  EXPECT_EQ(code, 2);
  EXPECT_NE(out.find("step 2: '7'"), std::string::npos) << out;
  EXPECT_EQ(out.find("\"t\":0"), std::string::npos) << "nothing is printed before the error";
  std::tie(code, out) = run("env rollout --env pendulum --actions 0.5,abc");
  EXPECT_EQ(code, 2);
  EXPECT_NE(out.find("step 1: 'abc'"), std::string::npos) << out;
  std::tie(code, out) = run("env rollout --env pendulum --actions 0.5:1");
  EXPECT_EQ(code, 2);
  EXPECT_NE(out.find("expected 1"), std::string::npos) << out;
  std::tie(code, out) = run("env rollout --env gridworld --init theta=1 --actions 3");
  EXPECT_EQ(code, 2);
  EXPECT_NE(out.find("no parameter 'init_theta'"), std::string::npos) << out;
}
