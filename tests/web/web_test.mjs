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
for (const c of cases) {
  const page = await browser.newPage();
  await page.setViewport({ width: 1280, height: 800 });
  const errors = [];
  page.on('console', (m) => { if (m.type() === 'error') errors.push('console: ' + m.text()); });
  page.on('pageerror', (e) => errors.push('uncaught: ' + e.message));
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
    await page.close();
  }
}
await browser.close();
for (const f of failures) console.error('FAIL ' + f);
console.log(failures.length ? `web test: ${failures.length} failure(s)` : `web test: OK — ${cases.length} cases`);
process.exit(failures.length ? 1 : 0);
