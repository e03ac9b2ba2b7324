// RL Lens in headless Chromium (Debian's chromium, SwiftShader's WebGL 2), against the site scripts/web.sh built,
// served by scripts/web_serve.py with the cross-origin isolation headers. For each case it opens the page, waits
// for the app's automation map (the same --ui-map the desktop GUI tests read, kept in the page's file system), checks
// that env steps advance, the lens, lesson and language asked for are on screen, and that the screenshot is a
// drawn dashboard (many colours, not one); any console error or uncaught exception fails the test.
//   node web_test.mjs URL OUTDIR
import puppeteer from 'puppeteer-core';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

const [base, outDir] = process.argv.slice(2);
fs.mkdirSync(outDir, { recursive: true });
const pngCheck = path.join(path.dirname(new URL(import.meta.url).pathname), 'png_colours.py');

const cases = [
  { name: 'q-gridworld', query: 'env=gridworld&algo=q-learning&lens=q', lens: 'q', env: 'gridworld' },
  { name: 'policy-pendulum-ppo', query: 'env=pendulum&algo=ppo&lens=policy', lens: 'policy', env: 'pendulum' },
  { name: 'ac-invaders-a2c', query: 'env=invaders&algo=a2c&lens=actor-critic', lens: 'actor-critic', env: 'invaders' },
  { name: 'ac-pendulum-a3c', query: 'env=pendulum&algo=a3c&lens=actor-critic', lens: 'actor-critic', env: 'pendulum' },
  { name: 'gan-gan1d', query: 'env=gan1d&algo=gan&lens=gan', lens: 'gan', env: 'gan1d' },
  { name: 'lesson-en', query: 'lesson=mc-vs-td', lesson: 'mc-vs-td', zh: false },
  { name: 'lesson-zh', query: 'lesson=double-dqn&lang=zh', lesson: 'double-dqn', zh: true },
  { name: 'classroom', query: 'env=gridworld&algo=q-learning&classroom=1&theme=projector&scale=2', env: 'gridworld' },
];

const browser = await puppeteer.launch({
  executablePath: '/usr/bin/chromium',
  headless: 'new',
  args: ['--no-sandbox', '--use-gl=angle', '--use-angle=swiftshader', '--enable-unsafe-swiftshader',
         '--window-size=1280,800'],
});
const failures = [];
// A page in a browser context of its own (nothing one page's settings save reaches the next), at 1280×800, with its
// console errors and uncaught exceptions collected.
async function openPage() {
  const context = await browser.createBrowserContext();
  const page = await context.newPage();
  await page.setViewport({ width: 1280, height: 800 });
  const errors = [];
  page.on('console', (m) => { if (m.type() === 'error') errors.push('console: ' + m.text()); });
  page.on('pageerror', (e) => errors.push('uncaught: ' + e.message));
  return { context, page, errors };
}
// First, on the fresh default profile: files reach the user, and settings outlive the page. On a fresh profile the welcome card shows; "Explore on my own"
// dismisses it, F12 takes a screenshot that the page downloads, and after a reload the card stays away.
{
  const page = await browser.newPage();
  await page.setViewport({ width: 1280, height: 800 });
  const errors = [];
  page.on('console', (m) => { if (m.type() === 'error') errors.push('console: ' + m.text()); });
  page.on('pageerror', (e) => errors.push('uncaught: ' + e.message));
  const downloads = path.join(outDir, 'downloads');
  fs.rmSync(downloads, { recursive: true, force: true });
  fs.mkdirSync(downloads, { recursive: true });
  const cdp = await page.createCDPSession();
  await cdp.send('Browser.setDownloadBehavior', { behavior: 'allow', downloadPath: downloads });
  const fail = (why) => failures.push(`files: ${why}`);
  const readMap = () => page.evaluate(() => {
    try { return JSON.parse(new TextDecoder().decode(Module.FS.readFile('/tmp/map.json'))); } catch (e) { return null; }
  });
  const waitMap = async (pred) => {
    for (let t = 0; t < 120; ++t) { const m = await readMap(); if (m && pred(m)) return m; await new Promise((r) => setTimeout(r, 500)); }
    return null;
  };
  try {
    const url = `${base}/?env=gridworld&algo=q-learning&ui_map=/tmp/map.json`;
    await page.goto(url, { waitUntil: 'load', timeout: 60000 });
    const m = await waitMap((j) => j.items && j.items.welcome_dismiss);
    if (!m) fail('no welcome card on a fresh profile');
    else {
      const [x, y, w, h] = m.items.welcome_dismiss;
      await page.mouse.click(x + w / 2, y + h / 2);
      if (!(await waitMap((j) => j.welcomed === true))) fail('"Explore on my own" did not dismiss the welcome card');
      await page.keyboard.press('F12');
      let shot = null;
      for (let t = 0; t < 40 && !shot; ++t) {
        shot = fs.readdirSync(downloads).find((f) => f.endsWith('.png'));
        if (!shot) await new Promise((r) => setTimeout(r, 250));
      }
      if (!shot) fail('F12 downloaded no screenshot');
      else {
        const bytes = fs.readFileSync(path.join(downloads, shot));
        if (bytes.subarray(0, 8).toString('hex') !== '89504e470d0a1a0a') fail(`the download ${shot} is not a PNG`);
        else console.log(`files: F12 downloaded ${shot} (${bytes.length} bytes)`);
      }
      await new Promise((r) => setTimeout(r, 3000));  // settings are saved each second, synced to IndexedDB every 2 s
      await page.reload({ waitUntil: 'load' });
      const again = await waitMap((j) => j.frame > 30);
      if (!again) fail('no automation map after the reload');
      else if (!again.welcomed) fail('the welcome card came back after a reload: settings did not persist');
      else console.log('files: settings persisted across a reload (welcome card dismissed)');
    }
  } catch (e) {
    fail(e.message);
  } finally {
    for (const e of errors) fail(e);
    await page.close();
  }
}
// Then, driven by mouse and keyboard as a student would in one run of the gridworld: "Pin run" keeps the curves,
// "Human" pauses the agent and each arrow key is one step of the student's own, and a click on the timeline scrubs
// back to a recorded frame until "Live" returns to the running world.
{
  const { context, page, errors } = await openPage();
  const fail = (why) => failures.push(`interact: ${why}`);
  const readMap = () => page.evaluate(() => {
    try { return JSON.parse(new TextDecoder().decode(Module.FS.readFile('/tmp/map.json'))); } catch (e) { return null; }
  });
  const waitMap = async (pred, what) => {
    for (let t = 0; t < 60; ++t) { const m = await readMap(); if (m && pred(m)) return m; await new Promise((r) => setTimeout(r, 250)); }
    throw new Error(`timed out waiting for ${what}`);
  };
  const click = async (item) => {
    const m = await waitMap((j) => j.items && j.items[item], `the control ${item}`);
    const [x, y, w, h] = m.items[item];
    await page.mouse.click(x + w / 2, y + h / 2);
  };
  try {
    await page.goto(`${base}/?env=gridworld&algo=q-learning&lens=q&speed=200&ui_map=/tmp/map.json`,
                    { waitUntil: 'load', timeout: 60000 });
    await waitMap((j) => j.lifetime_steps > 300, 'the run to pass 300 steps');
    await click('pin_run');
    await waitMap((j) => j.pinned === true, '"Pin run" to pin the curves');
    await click('human');
    const paused = await waitMap((j) => j.human === true && j.running === false, '"Human" to pause the agent');
    await new Promise((r) => setTimeout(r, 500));
    const before = (await readMap()).lifetime_steps;
    if (before !== paused.lifetime_steps) fail(`the agent kept stepping in human mode (${paused.lifetime_steps} → ${before})`);
    for (const key of ['ArrowRight', 'ArrowUp', 'ArrowLeft']) {
      await page.keyboard.press(key);
      await new Promise((r) => setTimeout(r, 150));
    }
    const played = await waitMap((j) => j.lifetime_steps >= before + 3, 'three human steps');
    await new Promise((r) => setTimeout(r, 500));
    const after = (await readMap()).lifetime_steps;
    if (after !== before + 3) fail(`three arrow keys made ${after - before} steps, expected 3`);
    const tl = (await waitMap((j) => j.items && j.items.timeline, 'the timeline')).items.timeline;
    await page.mouse.click(tl[0] + tl[2] * 0.3, tl[1] + tl[3] / 2);
    await waitMap((j) => j.items && j.items.timeline_scrubbed, 'a click on the timeline to scrub back');
    await click('timeline_live');
    await waitMap((j) => j.items && !j.items.timeline_scrubbed, '"Live" to return to the running world');
    const shot = path.join(outDir, 'interact.png');
    await page.screenshot({ path: shot });
    console.log(`interact: pinned, 3 human steps (${before} → ${played.lifetime_steps}), scrubbed and back to live`);
  } catch (e) {
    fail(e.message);
  } finally {
    for (const e of errors) fail(e);
    await context.close();
  }
}
// Each case in a context of its own: nothing one case's settings save reaches the next.
for (const c of cases) {
  const { context, page, errors } = await openPage();
  const url = `${base}/?${c.query}&ui_map=/tmp/map.json&speed=0`;
  const readMap = () => page.evaluate(() => {
    try { return JSON.parse(new TextDecoder().decode(Module.FS.readFile('/tmp/map.json'))); } catch (e) { return null; }
  });
  const fail = (why) => failures.push(`${c.name}: ${why}`);
  try {
    await page.goto(url, { waitUntil: 'load', timeout: 60000 });
    let first = null;
    for (let t = 0; t < 120 && !first; ++t) { first = await readMap(); if (!first) await new Promise((r) => setTimeout(r, 500)); }
    if (!first) { fail('the app wrote no automation map in 60 s'); continue; }
    await new Promise((r) => setTimeout(r, 4000));
    const later = await readMap();
    // A lesson holds at its page's break until the class presses Next (the session's hold): reaching it counts.
    const held = c.lesson && later.held_at > 0 && later.lifetime_steps === later.held_at;
    if (!(later.lifetime_steps > first.lifetime_steps || (held && later.lifetime_steps > 0)))
      fail(`env steps did not advance (${first.lifetime_steps} → ${later.lifetime_steps})`);
    if (later.error) fail(`the run stopped with an error: ${later.error}`);
    if (c.lens && later.lens !== c.lens) fail(`lens ${later.lens}, expected ${c.lens}`);
    if (c.env && later.env !== c.env) fail(`env ${later.env}, expected ${c.env}`);
    if (c.lesson && later.lesson !== c.lesson) fail(`lesson '${later.lesson}', expected ${c.lesson}`);
    if (c.lesson && later.lesson_zh !== c.zh) fail(`lesson language zh=${later.lesson_zh}, expected ${c.zh}`);
    const shot = path.join(outDir, `${c.name}.png`);
    await page.screenshot({ path: shot });
    const colours = Number(execFileSync('python3', [pngCheck, shot]).toString().trim());
    if (!(colours >= 200)) fail(`the screenshot has ${colours} colours: not a drawn dashboard`);
    console.log(`${c.name}: steps ${first.lifetime_steps} → ${later.lifetime_steps}, ${colours} colours, lens ${later.lens}`);
  } catch (e) {
    fail(`${e.message}`);
  } finally {
    for (const e of errors) fail(e);
    await context.close();
  }
}
await browser.close();
for (const f of failures) console.error('FAIL ' + f);
console.log(failures.length ? `web test: ${failures.length} failure(s)` : `web test: OK — ${cases.length} cases, files and settings, pin, human play and the timeline`);
process.exit(failures.length ? 1 : 0);
