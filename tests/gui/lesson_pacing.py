#!/usr/bin/env python3
"""GUI end-to-end: the class keeps the pace, and every page can be followed as written.

Every lesson, opened at Max speed (`--lesson ID --speed 0`), shows page 1 first and turns no page by itself; a page
that names a step holds the run there (the step count stops) until the teacher presses Next. When a page opens, what
it names is on screen: its lens section (scrolled to, highlighted, inside the window) and its chart. Every action a
page asks for is a button on the card, clicked the way a teacher would, and its effect is checked: the parameters it
sets, the algorithm it switches to (the card stays open, the shared settings kept), the run it pins.
Reads the app's --ui-map over time and clicks with xdotool.
Usage: lesson_pacing.py <rllens binary> <output dir> [lesson id ...].  Needs DISPLAY and xdotool.
"""
import json
import os
import pathlib
import shutil
import subprocess
import sys
import time

binary, out = sys.argv[1], pathlib.Path(sys.argv[2])
lessons_dir = pathlib.Path(__file__).resolve().parent.parent.parent / "assets" / "lessons"
ids = sys.argv[3:] or sorted(p.stem for p in lessons_dir.glob("*.json"))
shutil.rmtree(out, ignore_errors=True)
out.mkdir(parents=True)
env = dict(os.environ, XDG_CONFIG_HOME=str(out / "config"))
stats = {"holds": 0, "turned": 0, "shown": 0, "actions": 0, "asked": 0, "revealed": 0}


def fail(msg):
    print(f"lesson_pacing: {msg}", file=sys.stderr)
    sys.exit(1)


def read_map(path):
    try:
        return json.loads(path.read_text())
    except (OSError, ValueError):
        return None


class App:
    def __init__(self, lid, tag):
        self.lid, self.mp = lid, out / f"{lid}-{tag}.json"
        self.log = open(out / f"{lid}-{tag}.log", "w")
        self.revealed = set()
        self.p = subprocess.Popen([binary, "--lesson", lid, "--speed", "0", "--size", "1280x800", "--ui-map",
                                   str(self.mp)], stdout=self.log, stderr=subprocess.STDOUT, env=env)
        m = self.wait(lambda m: m.get("lesson") == lid and "lesson_next" in m.get("items", {}), 30, "the card")
        self.wid = subprocess.run(["xdotool", "search", "--sync", "--pid", str(self.p.pid), "--name", "^RL Lens$"],
                                  capture_output=True, text=True, check=True).stdout.split()[0]

    def wait(self, pred, seconds, what):
        deadline = time.time() + seconds
        while time.time() < deadline:
            if self.p.poll() is not None:
                fail(f"{self.lid}: the app exited while waiting for {what}:\n" + open(self.log.name).read()[-2000:])
            m = read_map(self.mp)
            if m and pred(m):
                return m
            time.sleep(0.1)
        fail(f"{self.lid}: timed out ({seconds} s) waiting for {what}; last map: {read_map(self.mp)}")

    def alive(self):
        if self.p.poll() is not None:
            fail(f"{self.lid}: the app exited (status {self.p.returncode}):\n" + open(self.log.name).read()[-2000:])

    def click(self, item):
        m = self.wait(lambda m: item in m.get("items", {}), 10, f"the control {item}")
        x, y, w, h = m["items"][item]
        self.alive()
        subprocess.run(["xdotool", "mousemove", "--window", self.wid, str(int(x + w / 2)), str(int(y + h / 2)),
                        "click", "1"], check=True)

    def scroll_to(self, item):
        """Scrolls the card's page box (mouse wheel over it) until `item` is on screen; returns the map."""
        for _ in range(40):
            m = read_map(self.mp)
            items = m.get("items", {}) if m else {}
            if item in items and "lesson_text" in items:  # wholly inside the page's box, not cut at its bottom
                ix, iy, iw, ih = items[item]
                bx, by, bw, bh = items["lesson_text"]
                if iy >= by and iy + ih <= by + bh:
                    return m
            x, y, w, h = m["items"]["lesson_text"]
            self.alive()
            subprocess.run(["xdotool", "mousemove", "--window", self.wid, str(int(x + w / 2)), str(int(y + h / 2)),
                            "click", "5"], check=True)
            time.sleep(0.15)
        fail(f"{self.lid}: {item} never came on screen in the card")

    def close(self):
        self.p.terminate()
        try:
            self.p.wait(10)
        except subprocess.TimeoutExpired:
            self.p.kill()
        self.log.close()


def check_shown(app, lesson, page):
    """What the page names is on screen when it opens: the lens section inside the window, the chart drawn."""
    show = lesson["pages"][page].get("show", {})
    if "lens" in show:
        m = app.wait(lambda m: "lens_focus" in m["items"], 10, f"page {page + 1}'s lens section '{show['lens']}'")
        x, y, w, h = m["items"]["lens_focus"]
        W, H = m["window"]
        if not (x >= 0 and y >= 0 and x + w <= W and y + h <= H * 0.8):
            fail(f"{app.lid}: page {page + 1}'s lens section is not in view: {m['items']['lens_focus']}")
        stats["shown"] += 1
    if "chart" in show:
        app.wait(lambda m: f"plot_{show['chart']}" in m["items"], 10, f"page {page + 1}'s chart {show['chart']}")
        stats["shown"] += 1


def reveal_at(lesson, j):
    q = lesson["pages"][j]["question"]
    if q.get("reveal_at", 0) > 0:
        return q["reveal_at"]
    return next((p.get("at_step", 0) for p in lesson["pages"][j + 1:] if p.get("at_step", 0) > 0), 0)


def questions(app, lesson, page, final):
    """Predict, then reveal: the class answers this page's question; any question the run has answered by now (its
    step reached) is revealed, and the card marks the answer."""
    if "question" in lesson["pages"][page]:
        m = app.scroll_to(f"lesson_q{page}_option_0")
        app.click(f"lesson_q{page}_option_0")
        stats["asked"] += 1
    for j in range(page + 1):
        if "question" not in lesson["pages"][j] or j in app.revealed:
            continue
        at = reveal_at(lesson, j)
        if final:  # the last page: the run plays on to the step that answers it
            app.wait(lambda m: m.get("lifetime_steps", 0) >= at, 120, f"the step {at} that answers page {j + 1}'s question")
        if read_map(app.mp).get("lifetime_steps", 0) < at:
            continue
        app.scroll_to(f"lesson_q{j}_reveal")
        app.click(f"lesson_q{j}_reveal")
        app.wait(lambda m: j in m.get("lesson_revealed", []), 10, f"page {j + 1}'s question revealed")
        app.scroll_to(f"lesson_q{j}_answer")
        app.revealed.add(j)
        stats["revealed"] += 1


def walk(app, lesson, until, ask=False):
    """Reads page by page up to page `until`: each page's break holds the run, Next turns the page."""
    steps = [p.get("at_step", 0) for p in lesson["pages"]]
    for page in range(until + 1):
        check_shown(app, lesson, page)
        if ask and page < until:
            if steps[page + 1] > 0:
                app.wait(lambda m: m.get("held_at", 0) > 0, 120, f"the hold before page {page + 2}")
            questions(app, lesson, page, False)
        if ask and page == until:
            questions(app, lesson, page, True)
        if page == until:
            return
        nxt = steps[page + 1]
        if nxt > 0:
            # At Max the run goes on to the next page's step and holds there; the page does not turn by itself.
            m = app.wait(lambda m: m.get("held_at", 0) > 0, 120, f"the hold at step {nxt} (page {page + 1})")
            if m["lesson_page"] != page:
                fail(f"{app.lid}: on page {page + 1} the card turned to page {m['lesson_page'] + 1} by itself")
            # Exactly there, or at the end of the update that spans it (a PPO rollout, a batch of episodes, A2C's
            # segments): the script's commands apply at the same boundary, so the live run stays the checked one.
            if not nxt <= m["held_at"] < nxt + 8192:
                fail(f"{app.lid}: held at step {m['held_at']}, expected {nxt} (page {page + 2}'s step)")
            time.sleep(0.6)  # the class reads: the run stays exactly where it stopped
            m2 = read_map(app.mp)
            if m2["lifetime_steps"] != m["lifetime_steps"] or m2["lesson_page"] != page:
                fail(f"{app.lid}: the hold at {nxt} did not hold: steps {m['lifetime_steps']} → "
                     f"{m2['lifetime_steps']}, page {m2['lesson_page'] + 1}")
            stats["holds"] += 1
        else:
            time.sleep(0.3)
            m = read_map(app.mp)
            if m["lesson_page"] != page:
                fail(f"{app.lid}: page {page + 1} turned to {m['lesson_page'] + 1} by itself")
        app.click("lesson_next")
        app.wait(lambda m: m.get("lesson_page") == page + 1, 10, f"Next to page {page + 2}")
        stats["turned"] += 1
        if nxt > 0:  # Next moves the hold on: the run plays again, past where it was held
            was = m["lifetime_steps"]
            app.wait(lambda m: m.get("lifetime_steps", 0) > was, 30, f"the run going on after page {page + 2} opened")


def same_value(shown, wanted):
    try:
        return abs(float(shown) - float(wanted)) < 1e-9 * max(1.0, abs(float(wanted)))
    except ValueError:
        return shown == wanted


def check_action(app, action, page, k):
    before = read_map(app.mp)
    app.click(f"lesson_action_{k}")
    label = action["label"]["en"]
    if action.get("pin"):
        app.wait(lambda m: m.get("pinned"), 10, f"'{label}' to pin the run")
    if "algo" in action:
        algo = action["algo"]
        m = app.wait(lambda m: m.get("algo") == algo, 20, f"'{label}' to switch to {algo}")
        if m["lesson"] != app.lid:
            fail(f"{app.lid}: '{label}' closed the lesson")
        # "With the same settings": every parameter both algorithms have keeps its value.
        for name, value in before["params"].items():
            if name in m["params"] and m["params"][name] != value:
                fail(f"{app.lid}: '{label}' changed the shared setting {name}: {value} → {m['params'][name]}")
    for kv in action.get("sets", []):
        name, value = kv.split("=", 1)
        name = name.split(".", 1)[1] if name.startswith(("env.", "algo.")) else name
        app.wait(lambda m: same_value(m.get("params", {}).get(name, ""), value), 10, f"'{label}' to set {kv}")
    m = read_map(app.mp)
    if m.get("error"):
        fail(f"{app.lid}: after '{label}': {m['error']}")
    stats["actions"] += 1


for lid in ids:
    lesson = json.loads((lessons_dir / f"{lid}.json").read_text())
    pages = lesson["pages"]
    last = len(pages) - 1
    app = App(lid, "read")
    try:
        walk(app, lesson, last, ask=True)
        asked = [j for j, p in enumerate(pages) if "question" in p]
        if asked and set(asked) - app.revealed:
            fail(f"{lid}: the questions of pages {sorted(set(asked) - app.revealed)} were never revealed")
        for k, action in enumerate((lambda a: a if isinstance(a, list) else [a])(pages[last].get("action", []))):
            check_action(app, action, last, k)
        if read_map(app.mp).get("error"):
            fail(f"{lid}: error: {read_map(app.mp)['error']}")
    finally:
        app.close()
    # The actions of earlier pages, each in a run read up to its page (an action changes the run it acts on).
    for page in range(last):
        acts = pages[page].get("action", [])
        for k, action in enumerate(acts if isinstance(acts, list) else [acts]):
            app = App(lid, f"p{page}a{k}")
            try:
                walk(app, lesson, page)
                check_action(app, action, page, k)
            finally:
                app.close()
print(f"lesson_pacing: OK — {len(ids)} lessons at Max: page 1 first, {stats['holds']} holds at their steps, "
      f"{stats['turned']} pages turned by Next only, {stats['shown']} named panels and charts on screen, "
      f"{stats['actions']} page actions done from the card, {stats['asked']} questions answered and "
      f"{stats['revealed']} revealed once the run had answered them")
