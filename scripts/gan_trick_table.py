#!/usr/bin/env python3
"""The GAN trick table of the notes: each trick of Pfau & Vinyals's Table 1 (and the actor-critic ones carried over)
switched on over three bases — the stabilised preset (R1 γ = 10), the same without R1, and the collapse preset —
5 seeds each, 5000 iterations: the mean final W1 on N(4, 0.5²), the mean standard deviation of W1 over the last
1000 iterations there (oscillation, points every 50 iterations), the mean smaller-mode mass on the two-modes target,
each over the runs that stayed finite, and how many of the 10 runs diverged (`rllens train` exit status 3).
Prints a Markdown table. About 10 minutes on 2 cores.  Usage: scripts/gan_trick_table.py [build/rllens]"""
import csv, os, statistics, subprocess, sys, tempfile

rllens = sys.argv[1] if len(sys.argv) > 1 else os.path.join(os.path.dirname(__file__), "..", "build", "rllens")
tricks = [("(none)", []), ("freezing", ["freeze=true"]), ("label smoothing", ["label_smoothing=true"]),
          ("historical averaging", ["hist_avg=true"]), ("minibatch discrimination", ["minibatch_disc=true"]),
          ("batch norm in D", ["norm_d=batch"]), ("virtual batch norm in D", ["norm_d=virtual"]),
          ("batch norm in G", ["norm_g=batch"]), ("virtual batch norm in G", ["norm_g=virtual"]),
          ("replay buffer", ["replay=true"]), ("target D", ["target_d=true"]), ("entropy bonus", ["entropy=true"])]
bases = [("stabilised", []), ("stabilised, R1 off", ["r1_gamma=0"]), ("collapse", ["preset=collapse"])]


def run(seed, sets, target, path):
    args = [rllens, "train", "--env", "gan1d", "--algo", "gan", "--seed", str(seed), "--steps", "5000",
            "--no-progress", "--metrics", path, "--set", "env.target=" + target, "--set", "log_every=50"]
    for s in sets:
        args += ["--set", s]
    r = subprocess.run(args, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    if r.returncode == 3:
        return None
    r.check_returncode()
    series = {}
    with open(path) as f:
        for step, name, value in csv.reader(f):
            series.setdefault(name, []).append((float(step), float(value)))
    return series


print("| base | trick | W1 (gaussian) | W1 oscillation | smaller mode (two modes) | diverged runs |")
print("|---|---|---|---|---|---|")
with tempfile.TemporaryDirectory() as tmp:
    for base, base_sets in bases:
        for name, sets in tricks:
            w1, osc, cover, diverged = [], [], [], 0
            for seed in range(1, 6):
                for target in ("gaussian", "two-modes"):
                    s = run(seed, base_sets + sets, target, os.path.join(tmp, "m.csv"))
                    if s is None:
                        diverged += 1
                        continue
                    if target == "gaussian":
                        w = s["charts/w1"]
                        w1.append(w[-1][1])
                        osc.append(statistics.pstdev([y for x, y in w if x > 4000]))
                    else:
                        cover.append(s["charts/mode_mass_min"][-1][1])
            mean = lambda v: sum(v) / len(v) if v else float("nan")
            print(f"| {base} | {name} | {mean(w1):.3f} | {mean(osc):.3f} | {mean(cover):.3f} | {diverged} |", flush=True)
