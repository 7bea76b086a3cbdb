/*
 * What the browser suites share (run.mjs, talent.mjs): the command line, the
 * real chanjiao binary on a fresh demo database (SQLite, or with --pg DIR a
 * fresh database of the test cluster of scripts/pg.sh) on a random loopback
 * port, Debian's Chromium driven by playwright-core from web/node_modules
 * (nothing is downloaded), screenshots at 1440×900, helpers for Element Plus
 * pages, and the loop that runs the steps and ends with "N passed, M failed".
 */
import { spawn, spawnSync } from 'node:child_process'
import { createRequire } from 'node:module'
import fs from 'node:fs'
import net from 'node:net'
import os from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'

const here = path.dirname(fileURLToPath(import.meta.url))
export const root = path.resolve(here, '..', '..')

export function parseArgs(argv) {
  const o = {
    binary: 'build/chanjiao',
    web: 'web/dist',
    chromium: process.env.CHROMIUM || '/usr/bin/chromium',
    screenshots: 'build/screenshots',
    serveArgs: [],
    only: null,
    pg: null
  }
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]
    const next = () => {
      if (i + 1 >= argv.length) throw new Error(`${a} needs a value`)
      return argv[++i]
    }
    if (a === '--binary') o.binary = next()
    else if (a === '--web') o.web = next()
    else if (a === '--chromium') o.chromium = next()
    else if (a === '--screenshots') o.screenshots = next()
    else if (a === '--serve-arg') o.serveArgs.push(next())
    else if (a === '--only') o.only = Number(next())
    else if (a === '--pg') o.pg = path.resolve(next())
    else throw new Error(`unknown argument ${a}`)
  }
  for (const k of ['binary', 'web', 'screenshots']) o[k] = path.resolve(root, o[k])
  return o
}

/** playwright-core from web/node_modules, or null (the caller reports it). */
export function loadChromium() {
  const requireWeb = createRequire(path.join(root, 'web', 'package.json'))
  try {
    return { chromium: requireWeb('playwright-core').chromium }
  } catch (e) {
    return { error: e.code || e.message }
  }
}

// ---- the server ----

function freePort() {
  return new Promise((resolve, reject) => {
    const s = net.createServer()
    s.unref()
    s.on('error', reject)
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address()
      s.close(() => resolve(port))
    })
  })
}

async function waitHealthy(base, proc, ms = 15000) {
  const end = Date.now() + ms
  while (Date.now() < end) {
    if (proc.exitCode !== null) throw new Error(`chanjiao exited with ${proc.exitCode}`)
    try {
      const r = await fetch(`${base}/api/v1/health`)
      if (r.ok) return
    } catch {
      /* not yet */
    }
    await new Promise((r) => setTimeout(r, 100))
  }
  throw new Error('chanjiao did not become healthy')
}

export async function startServer(opts, tmp) {
  for (const f of [opts.binary, path.join(opts.web, 'index.html'), opts.chromium])
    if (!fs.existsSync(f)) throw new Error(`missing ${f}`)
  // --pg DIR: a fresh database of the test cluster (scripts/pg.sh) instead of a SQLite file
  let db = path.join(tmp, 'e2e.db')
  if (opts.pg) {
    const made = spawnSync(path.join(root, 'scripts', 'pg.sh'), ['createdb', opts.pg], { encoding: 'utf8' })
    if (made.status !== 0) throw new Error(`pg.sh createdb failed: ${made.stderr}`)
    db = made.stdout.trim()
    process.env.CHANJIAO_KEY_FILE = path.join(tmp, 'pg.key')
  }
  const demo = spawnSync(opts.binary, ['demo', '--db', db], { encoding: 'utf8' })
  if (demo.status !== 0) throw new Error(`chanjiao demo failed: ${demo.stderr || demo.stdout}`)
  const port = await freePort()
  const log = fs.openSync(path.join(tmp, 'server.log'), 'w')
  const proc = spawn(opts.binary, ['serve', '--db', db, '--listen', `127.0.0.1:${port}`, '--web', opts.web, ...opts.serveArgs], {
    stdio: ['ignore', log, log]
  })
  const base = `http://127.0.0.1:${port}`
  await waitHealthy(base, proc)
  return { proc, base, log: path.join(tmp, 'server.log') }
}

// ---- the browser ----

export async function startBrowser(chromium, opts, tmp) {
  const userDataDir = fs.mkdtempSync(path.join(tmp, 'chromium-'))
  return chromium.launchPersistentContext(userDataDir, {
    executablePath: opts.chromium,
    headless: true,
    viewport: { width: 1440, height: 900 },
    locale: 'zh-CN',
    timezoneId: 'Asia/Shanghai',
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync'
    ]
  })
}

// ---- helpers for Element Plus pages ----

/** Screenshots numbered in order, as <prefix>NN-<name>.png under the screenshots folder. */
export function makeShooter(opts, prefix = '') {
  const s = { count: 0 }
  s.shot = async (page, name) => {
    s.count++
    const file = path.join(opts.screenshots, `${prefix}${String(s.count).padStart(2, '0')}-${name}.png`)
    await page.waitForLoadState('networkidle').catch(() => {})
    await page.waitForTimeout(250) // let transitions settle
    await page.screenshot({ path: file })
    return file
  }
  return s
}

export function assert(cond, msg) {
  if (!cond) throw new Error(msg)
}

/** The text appears in the locator within 10 s (pages re-render after their data arrives). */
export async function expectText(locator, text, msg) {
  await locator.first().waitFor({ state: 'visible', timeout: 10000 }).catch(() => {})
  const deadline = Date.now() + 10000
  let got = ''
  for (;;) {
    got = (await locator.first().innerText().catch(() => '')) || ''
    if (got.includes(text) || Date.now() > deadline) break
    await new Promise((r) => setTimeout(r, 100))
  }
  assert(got.includes(text), `${msg}: expected “${text}” in “${got.trim().slice(0, 200)}”`)
}

/** The form item whose label is exactly label (within a scope such as a dialog). */
export function formItem(scope, label) {
  const page = typeof scope.page === 'function' ? scope.page() : scope
  return scope.locator('.el-form-item').filter({ has: page.locator(`label.el-form-item__label:text-is("${label}")`) })
}

export async function fillItem(scope, label, value) {
  const input = formItem(scope, label).locator('input, textarea').first()
  await input.fill(value)
}

/** Picks an option of an el-select inside a form item, typing first when it filters. */
export async function pickOption(page, select, optionText, typed) {
  const option = page.locator('.el-select-dropdown__item:visible').filter({ hasText: optionText }).first()
  await select.click()
  if (typed) await page.keyboard.type(typed, { delay: 30 })
  // A click that lands while its dialog is still opening can leave the dropdown shut: when no
  // dropdown shows within 3 s, click once more (not when typing: the text may already be in).
  try {
    await option.waitFor({ state: 'visible', timeout: 3000 })
  } catch (e) {
    if (!typed && !(await page.locator('.el-select-dropdown:visible').count())) await select.click()
    await option.waitFor({ state: 'visible', timeout: 10000 })
  }
  // A dropdown that shuts between the wait and the click (its transition on a busy machine) is
  // opened again: the option is clicked within three tries or the test fails.
  for (let tries = 1; ; tries++) {
    try {
      await option.click({ timeout: 5000 })
      return
    } catch (e) {
      if (tries === 3) throw e
      if (!(await page.locator('.el-select-dropdown:visible').count())) await select.click()
      await option.waitFor({ state: 'visible', timeout: 10000 })
    }
  }
}

/** Types a date into an el-date-picker and commits it with Enter. */
export async function fillDate(page, item, value) {
  const input = item.locator('input').first()
  await input.click()
  await input.fill(value)
  await input.press('Enter')
  await page.locator('.el-picker-panel:visible').waitFor({ state: 'hidden', timeout: 5000 }).catch(() => {})
  const got = await input.inputValue()
  assert(got === value, `date ${value} was not taken (input shows “${got}”)`)
}

export async function confirmBox(page, buttonText) {
  const box = page.locator('.el-message-box')
  await box.waitFor({ state: 'visible' })
  const btn = buttonText ? box.getByRole('button', { name: buttonText }) : box.locator('.el-button--primary')
  await btn.click()
  await box.waitFor({ state: 'hidden' })
}

export async function menu(page, name) {
  await page.locator(`.el-menu-item[data-menu="${name}"]`).click()
}

export async function waitTableLoaded(page, table) {
  await page.waitForLoadState('networkidle').catch(() => {})
  await table.locator('.el-loading-mask').waitFor({ state: 'hidden', timeout: 10000 }).catch(() => {})
}

export async function login(page, base, username) {
  await page.goto(`${base}/login`)
  await fillItem(page, '学校代码', 'jxjsxy')
  await fillItem(page, '用户名', username)
  await fillItem(page, '密码', 'chanjiao2023')
  await page.locator('[data-test=login-submit]').click()
  await page.locator('[data-test=college-name]').waitFor({ state: 'visible' })
}

export async function logout(page) {
  await page.locator('[data-test=logout]').click()
  await confirmBox(page)
  await page.waitForURL(/\/login/)
}

// ---- the loop ----

/**
 * Runs steps(ctx) — [[name, async fn], ...] — against a fresh server and
 * browser; ctx is { base, page, opts, shot }.  Deletes the suite's old
 * screenshots first (those whose names `mine` matches), prints TAP-like
 * lines and "N passed, M failed", and exits 1 if any failed.
 */
export async function runSuite({ argv, prefix = '', mine, steps }) {
  let opts
  try {
    opts = parseArgs(argv)
  } catch (e) {
    console.log(`not ok - setup: ${e.message}`)
    console.log('0 passed, 1 failed')
    process.exit(1)
  }
  const { chromium, error } = loadChromium()
  if (!chromium) {
    console.log(`not ok - setup: playwright-core not found (${error}); run \`npm ci\` in web/ first`)
    console.log('0 passed, 1 failed')
    process.exit(1)
  }

  // Whatever ends this process, the server it started ends with it.
  let serverProc = null
  let tmpDir = null
  process.on('exit', () => {
    if (serverProc && serverProc.exitCode === null) serverProc.kill('SIGKILL')
    if (tmpDir) fs.rmSync(tmpDir, { recursive: true, force: true })
  })
  for (const sig of ['SIGINT', 'SIGTERM', 'SIGHUP']) process.on(sig, () => process.exit(130))
  process.stdout.on('error', () => {}) // a closed pipe (| head) must not leave the server behind

  fs.mkdirSync(opts.screenshots, { recursive: true })
  for (const f of fs.readdirSync(opts.screenshots)) if (f.endsWith('.png') && mine(f)) fs.rmSync(path.join(opts.screenshots, f))
  const shooter = makeShooter(opts, prefix)
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'chanjiao-e2e-'))
  tmpDir = tmp
  let server, browser
  let passed = 0
  let failed = 0
  try {
    server = await startServer(opts, tmp)
    serverProc = server.proc
    browser = await startBrowser(chromium, opts, tmp)
    const ctx = { base: server.base, page: browser.pages()[0] || (await browser.newPage()), opts, shot: shooter.shot, browser }
    ctx.page.setDefaultTimeout(15000)
    const pageErrors = []
    ctx.page.on('pageerror', (e) => pageErrors.push(String(e)))
    const all = steps(ctx)
    for (let i = 0; i < all.length; i++) {
      const [name, fn] = all[i]
      if (opts.only && opts.only !== i + 1) continue
      const t0 = Date.now()
      try {
        await fn()
        if (pageErrors.length) throw new Error(`uncaught error in the page: ${pageErrors.splice(0).join('; ')}`)
        passed++
        console.log(`ok ${i + 1} - ${name} (${Date.now() - t0} ms)`)
      } catch (e) {
        failed++
        console.log(`not ok ${i + 1} - ${name}\n  ${String(e && e.stack ? e.stack : e).split('\n').slice(0, 6).join('\n  ')}`)
        await shooter.shot(ctx.page, `FAILED-${i + 1}`).catch(() => {})
      }
    }
  } catch (e) {
    failed++
    console.log(`not ok - setup: ${e && e.stack ? e.stack : e}`)
  } finally {
    if (browser) await browser.close().catch(() => {})
    if (server) {
      const exited = new Promise((r) => server.proc.once('exit', r))
      server.proc.kill('SIGTERM')
      await Promise.race([exited, new Promise((r) => setTimeout(r, 5000))])
      if (failed) {
        const log = fs.readFileSync(server.log, 'utf8').trim()
        if (log) console.log(`server log:\n${log.split('\n').slice(-20).join('\n')}`)
      }
    }
    fs.rmSync(tmp, { recursive: true, force: true })
  }
  console.log(`screenshots: ${path.relative(root, opts.screenshots)}/ (${shooter.count})`)
  console.log(`${passed} passed, ${failed} failed`)
  process.exit(failed ? 1 : 0)
}
