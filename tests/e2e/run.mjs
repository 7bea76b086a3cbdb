#!/usr/bin/env node
/*
 * The browser suite: the web app in Debian's Chromium (headless, driven by
 * playwright-core; no browser is downloaded) against the real chanjiao binary
 * with a fresh demo database on a random loopback port.
 *
 *   node tests/e2e/run.mjs --binary build/chanjiao [--web web/dist]
 *        [--chromium /usr/bin/chromium] [--screenshots build/screenshots]
 *        [--only N] [--serve-arg ARG]...
 *
 * It saves a screenshot of every page at 1440×900 under the screenshots folder
 * and ends with "N passed, M failed" (exit 1 if any failed).  playwright-core
 * is resolved from web/node_modules (run `npm ci` in web/ first).
 */
import { spawn, spawnSync } from 'node:child_process'
import { createRequire } from 'node:module'
import fs from 'node:fs'
import net from 'node:net'
import os from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'

const here = path.dirname(fileURLToPath(import.meta.url))
const root = path.resolve(here, '..', '..')

function parseArgs(argv) {
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

const opts = parseArgs(process.argv.slice(2))
const requireWeb = createRequire(path.join(root, 'web', 'package.json'))
let chromium
try {
  ;({ chromium } = requireWeb('playwright-core'))
} catch (e) {
  console.log(`not ok - setup: playwright-core not found (${e.code || e.message}); run \`npm ci\` in web/ first`)
  console.log('0 passed, 1 failed')
  process.exit(1)
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

async function startServer(tmp) {
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

async function startBrowser(tmp) {
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

let shotNo = 0
async function shot(page, name) {
  shotNo++
  const file = path.join(opts.screenshots, `${String(shotNo).padStart(2, '0')}-${name}.png`)
  await page.waitForLoadState('networkidle').catch(() => {})
  await page.waitForTimeout(250) // let transitions settle
  await page.screenshot({ path: file })
  return file
}

function assert(cond, msg) {
  if (!cond) throw new Error(msg)
}

async function expectText(locator, text, msg) {
  await locator.first().waitFor({ state: 'visible', timeout: 10000 }).catch(() => {})
  const got = (await locator.first().innerText().catch(() => '')) || ''
  assert(got.includes(text), `${msg}: expected “${text}” in “${got.trim().slice(0, 200)}”`)
}

/** The form item whose label is exactly label (within a scope such as a dialog). */
function formItem(scope, label) {
  const page = typeof scope.page === 'function' ? scope.page() : scope
  return scope.locator('.el-form-item').filter({ has: page.locator(`label.el-form-item__label:text-is("${label}")`) })
}

async function fillItem(scope, label, value) {
  const input = formItem(scope, label).locator('input, textarea').first()
  await input.fill(value)
}

/** Picks an option of an el-select inside a form item, typing first when it filters. */
async function pickOption(page, select, optionText, typed) {
  await select.click()
  if (typed) await page.keyboard.type(typed, { delay: 30 })
  const option = page.locator('.el-select-dropdown__item:visible').filter({ hasText: optionText }).first()
  await option.waitFor({ state: 'visible', timeout: 10000 })
  await option.click()
}

/** Types a date into an el-date-picker and commits it with Enter. */
async function fillDate(page, item, value) {
  const input = item.locator('input').first()
  await input.click()
  await input.fill(value)
  await input.press('Enter')
  await page.locator('.el-picker-panel:visible').waitFor({ state: 'hidden', timeout: 5000 }).catch(() => {})
  const got = await input.inputValue()
  assert(got === value, `date ${value} was not taken (input shows “${got}”)`)
}

async function confirmBox(page, buttonText) {
  const box = page.locator('.el-message-box')
  await box.waitFor({ state: 'visible' })
  const btn = buttonText ? box.getByRole('button', { name: buttonText }) : box.locator('.el-button--primary')
  await btn.click()
  await box.waitFor({ state: 'hidden' })
}

async function menu(page, name) {
  await page.locator(`.el-menu-item[data-menu="${name}"]`).click()
}

async function waitTableLoaded(page, table) {
  await page.waitForLoadState('networkidle').catch(() => {})
  await table.locator('.el-loading-mask').waitFor({ state: 'hidden', timeout: 10000 }).catch(() => {})
}

async function login(page, base, username) {
  await page.goto(`${base}/login`)
  await fillItem(page, '学校代码', 'jxjsxy')
  await fillItem(page, '用户名', username)
  await fillItem(page, '密码', 'chanjiao2023')
  await page.locator('[data-test=login-submit]').click()
  await page.locator('[data-test=college-name]').waitFor({ state: 'visible' })
}

async function logout(page) {
  await page.locator('[data-test=logout]').click()
  await confirmBox(page)
  await page.waitForURL(/\/login/)
}

// ---- the steps ----

const ENTERPRISE = '嘉兴测试智造科技有限公司'
const GOOD_USCC = '91330402MA2JX7TE32'
const BAD_USCC = '91330402MA2JX7TE33' // the same code with a wrong check character
const CARRIER = '嘉兴技师学院-测试智造订单班'

function steps(ctx) {
  const { base } = ctx
  const page = () => ctx.page
  return [
    ['log in', async () => {
      const p = page()
      await p.goto(`${base}/`)
      await p.waitForURL(/\/login/)
      await shot(p, 'login')
      // A wrong password is refused with a Chinese message.
      await fillItem(p, '学校代码', 'jxjsxy')
      await fillItem(p, '用户名', 'admin')
      await fillItem(p, '密码', 'wrong-password')
      await p.locator('[data-test=login-submit]').click()
      await expectText(p.locator('[data-test=login-error]'), '学校代码、用户名或密码错误', 'login error')
      await shot(p, 'login-error')
      await fillItem(p, '密码', 'chanjiao2023')
      await p.locator('[data-test=login-submit]').click()
      await expectText(p.locator('[data-test=college-name]'), '嘉兴技师学院', 'college name in the header')
      await expectText(p.locator('[data-test=current-user]'), '校企合作处管理员', 'user in the header')
      await shot(p, 'home')
    }],
    ['the carrier list shows 10 training bases', async () => {
      const p = page()
      await menu(p, 'carriers')
      await p.waitForURL(/\/cooperation\/carriers/)
      const table = p.locator('[data-test=carrier-table]')
      await waitTableLoaded(p, table)
      await expectText(p.locator('.el-tabs__item.is-active'), '实训基地', 'the active tab')
      const rows = table.locator('.el-table__body-wrapper tbody tr')
      await rows.nth(9).waitFor()
      assert((await rows.count()) === 10, `expected 10 rows, saw ${await rows.count()}`)
      await expectText(p.locator('[data-test=total]'), '共 10 条', 'total')
      await expectText(rows.first(), '校外实训基地', 'first row')
      await shot(p, 'carriers-training-bases')
    }],
    ['create an enterprise with a wrong credit code and see the error beside the field', async () => {
      const p = page()
      await menu(p, 'enterprises')
      await p.waitForURL(/\/cooperation\/enterprises/)
      await waitTableLoaded(p, p.locator('[data-test=enterprise-table]'))
      await shot(p, 'enterprises')
      await p.locator('[data-test=add]').click()
      const dlg = p.locator('.el-dialog:visible')
      await dlg.waitFor()
      await fillItem(dlg, '企业名称', ENTERPRISE)
      await fillItem(dlg, '统一社会信用代码', BAD_USCC.toLowerCase())
      await fillItem(dlg, '行业代码', 'C34')
      await fillItem(dlg, '行政区划代码', '330402')
      await dlg.locator('[data-test=dialog-save]').click()
      const err = dlg.locator('[data-field=uscc] .el-form-item__error')
      await expectText(err, '统一社会信用代码校验位错误', 'error beside the credit code')
      await shot(p, 'enterprise-wrong-uscc')
    }],
    ['fix it and save', async () => {
      const p = page()
      const dlg = p.locator('.el-dialog:visible')
      await fillItem(dlg, '统一社会信用代码', GOOD_USCC)
      await dlg.locator('[data-field=uscc] .el-form-item__error').waitFor({ state: 'detached', timeout: 5000 })
      await dlg.locator('[data-test=dialog-save]').click()
      await p.locator('.el-message--success').first().waitFor()
      await dlg.waitFor({ state: 'hidden' })
      const table = p.locator('[data-test=enterprise-table]')
      await waitTableLoaded(p, table)
      await expectText(table.locator('tbody tr').first(), ENTERPRISE, 'the new enterprise heads the list')
      await expectText(table.locator('tbody tr').first(), GOOD_USCC, 'its credit code')
    }],
    ['create a carrier with it as lead partner', async () => {
      const p = page()
      await menu(p, 'carriers')
      await p.locator('.el-tabs__item').filter({ hasText: '订单班' }).click()
      await p.waitForURL(/kind=order_class/)
      await waitTableLoaded(p, p.locator('[data-test=carrier-table]'))
      await shot(p, 'carriers-order-classes')
      await p.locator('[data-test=add]').click()
      const dlg = p.locator('.el-dialog:visible')
      await dlg.waitFor()
      await expectText(formItem(dlg, '载体类型'), '订单班', 'the kind follows the tab')
      await fillItem(dlg, '载体名称', CARRIER)
      await pickOption(p, formItem(dlg, '状态').locator('.el-select'), '已签约')
      await dlg.locator('[data-test=add-partner]').click()
      await pickOption(p, dlg.locator('[data-test=partner-row-0] .el-select'), ENTERPRISE, '测试智造')
      assert(await dlg.locator('[data-test=partner-row-0] .el-radio').evaluate((e) => e.classList.contains('is-checked')), 'the first partner is the lead')
      await fillDate(p, formItem(dlg, '协议开始'), '2026-09-01')
      await fillDate(p, formItem(dlg, '协议截止'), '2029-08-31')
      await shot(p, 'carrier-dialog')
      await dlg.locator('[data-test=dialog-save]').click()
      await p.locator('.el-message--success').first().waitFor()
      await dlg.waitFor({ state: 'hidden' })
      const table = p.locator('[data-test=carrier-table]')
      await waitTableLoaded(p, table)
      await expectText(table.locator('tbody').filter({ hasText: CARRIER }), ENTERPRISE, 'the lead partner in the list')
    }],
    ['move the carrier signed → active', async () => {
      const p = page()
      await p.locator('[data-test=carrier-table] a').filter({ hasText: CARRIER }).click()
      await p.waitForURL(/\/cooperation\/carriers\/\d+/)
      await expectText(p.locator('[data-test=detail-title]'), CARRIER, 'detail title')
      await expectText(p.locator('[data-test=carrier-status-tag]'), '已签约', 'status before')
      await expectText(p.locator('[data-test=carrier-partners]'), ENTERPRISE, 'partner')
      await expectText(p.locator('[data-test=carrier-partners]'), '牵头企业', 'lead marked')
      await expectText(p.locator('.cj-carrier-desc'), '2026-09-01 至 2029-08-31', 'the term')
      await shot(p, 'carrier-detail-signed')
      await p.locator('[data-move=active]').click()
      await confirmBox(p)
      await p.locator('.el-message--success').first().waitFor()
      await expectText(p.locator('[data-test=carrier-status-tag]'), '运行中', 'status after')
      await expectText(p.locator('[data-test=status-history]'), '已签约 → 运行中', 'status history')
      assert(await p.locator('[data-move=expired]').isVisible(), 'the next allowed move is offered')
      assert(!(await p.locator('[data-move=active]').isVisible()), 'a done move is no longer offered')
      await shot(p, 'carrier-detail-active')
    }],
    ['find it by search', async () => {
      const p = page()
      await p.goto(`${base}/cooperation/carriers?kind=all`)
      const table = p.locator('[data-test=carrier-table]')
      await waitTableLoaded(p, table)
      await p.locator('input[data-test=search-q], [data-test=search-q] input').first().fill('测试智造')
      await p.locator('[data-test=search-submit]').click()
      await waitTableLoaded(p, table)
      await expectText(p.locator('[data-test=total]'), '共 1 条', 'one match')
      const row = table.locator('tbody tr').first()
      await expectText(row, CARRIER, 'the match')
      await expectText(row, '运行中', 'its status')
      await shot(p, 'carrier-search')
    }],
    ['the event page lists the 10 + 4 + 4 carriers', async () => {
      const p = page()
      await menu(p, 'events')
      await p.waitForURL(/\/cooperation\/events/)
      await p.locator('[data-test=event-timeline]').waitFor()
      await shot(p, 'events-timeline')
      await p.locator('[data-test=event-timeline] a').filter({ hasText: '智造创新强市' }).click()
      await p.waitForURL(/\/cooperation\/events\/\d+/)
      await expectText(p.locator('[data-test=event-title]'), '提升关键能力助力打造', 'event title')
      const actions = p.locator('[data-test=event-actions]')
      await actions.waitFor()
      const count = async (action, kind) =>
        actions.locator(`[data-action=${action}] [data-kind=${kind}] a[data-test=action-carrier]`).count()
      const bases = await count('plaque_awarded', 'training_base')
      const ind = await count('agreement_signed', 'industry_college')
      const ent = await count('agreement_signed', 'enterprise_college')
      assert(bases === 10 && ind === 4 && ent === 4, `expected 10 + 4 + 4 carriers, saw ${bases} + ${ind} + ${ent}`)
      await expectText(actions.locator('[data-action=plaque_awarded]'), '授牌', 'plaque label')
      await expectText(actions.locator('[data-action=agreement_signed]'), '签约', 'signing label')
      await expectText(p.locator('[data-test=event-press]'), '通讯员：王珊珊', 'press credits')
      await expectText(p.locator('[data-test=event-press]'), '摄影：王万明', 'press credits')
      await expectText(p.locator('[data-test=event-press]'), '编辑：王国伟', 'press credits')
      await shot(p, 'event-detail')
      // Each carrier is linked to its page.
      await actions.locator('[data-kind=industry_college] a').first().click()
      await p.waitForURL(/\/cooperation\/carriers\/\d+/)
      await expectText(p.locator('.cj-detail-head'), '产业学院', 'the linked carrier')
    }],
    ['a staff user does not see 系统管理', async () => {
      const p = page()
      // The administrator does, and its pages open (screenshots of each).
      await expectText(p.locator('.el-sub-menu[data-menu=system]'), '系统管理', 'admin sees 系统管理')
      for (const [name, title] of [['departments', '部门管理'], ['staff', '教职工管理'], ['users', '用户管理']]) {
        await menu(p, name)
        await p.waitForURL(new RegExp(`/system/${name}`))
        await waitTableLoaded(p, p.locator('.el-table'))
        await p.locator('.el-table tbody tr').first().waitFor()
        assert((await p.title()).startsWith(title), `page title ${await p.title()}`)
        await shot(p, `system-${name}`)
      }
      await logout(p)
      await login(p, base, 'zhoubb')
      await expectText(p.locator('[data-test=current-user]'), '周斌斌', 'staff user in the header')
      await expectText(p.locator('.el-aside'), '合作载体', 'staff sees the cooperation menu')
      assert((await p.locator('.el-aside').innerText()).indexOf('系统管理') < 0, 'staff must not see 系统管理')
      await shot(p, 'staff-home')
      await p.goto(`${base}/system/users`)
      await p.locator('.el-result').waitFor()
      await expectText(p.locator('.el-result'), '403', 'a staff user is refused the users page')
      await shot(p, 'staff-forbidden')
    }],
    ['log out', async () => {
      const p = page()
      await p.goto(`${base}/`)
      await p.locator('[data-test=college-name]').waitFor()
      await logout(p)
      await p.locator('[data-test=login-submit]').waitFor()
      const r = await p.evaluate(async () => (await fetch('/api/v1/session')).status)
      assert(r === 401, `the session is gone (GET /session → ${r})`)
      await p.goto(`${base}/cooperation/carriers`)
      await p.waitForURL(/\/login\?redirect=/)
      await shot(p, 'logged-out')
    }]
  ]
}

// ---- main ----

// Whatever ends this process, the server it started ends with it.
let serverProc = null
let tmpDir = null
process.on('exit', () => {
  if (serverProc && serverProc.exitCode === null) serverProc.kill('SIGKILL')
  if (tmpDir) fs.rmSync(tmpDir, { recursive: true, force: true })
})
for (const sig of ['SIGINT', 'SIGTERM', 'SIGHUP']) process.on(sig, () => process.exit(130))
process.stdout.on('error', () => {}) // a closed pipe (| head) must not leave the server behind

async function main() {
  fs.mkdirSync(opts.screenshots, { recursive: true })
  for (const f of fs.readdirSync(opts.screenshots)) if (f.endsWith('.png')) fs.rmSync(path.join(opts.screenshots, f))
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'chanjiao-e2e-'))
  tmpDir = tmp
  let server, browser
  let passed = 0
  let failed = 0
  const failures = []
  try {
    server = await startServer(tmp)
    serverProc = server.proc
    browser = await startBrowser(tmp)
    const ctx = { base: server.base, page: browser.pages()[0] || (await browser.newPage()) }
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
        failures.push(name)
        console.log(`not ok ${i + 1} - ${name}\n  ${String(e && e.stack ? e.stack : e).split('\n').slice(0, 6).join('\n  ')}`)
        await shot(ctx.page, `FAILED-${i + 1}`).catch(() => {})
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
  console.log(`screenshots: ${path.relative(root, opts.screenshots)}/ (${shotNo})`)
  console.log(`${passed} passed, ${failed} failed`)
  process.exit(failed ? 1 : 0)
}

main()
