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
 * is resolved from web/node_modules (run `npm ci` in web/ first).  The server,
 * the browser, the helpers and the loop are shared with the other suites
 * (tests/e2e/lib.mjs); this file holds the steps.
 */
import {
  assert, confirmBox, expectText, fillDate, fillItem, formItem, login, logout, menu, pickOption, runSuite, waitTableLoaded
} from './lib.mjs'

// ---- the steps ----

const ENTERPRISE = '嘉兴测试智造科技有限公司'
const GOOD_USCC = '91330402MA2JX7TE32'
const BAD_USCC = '91330402MA2JX7TE33' // the same code with a wrong check character
const CARRIER = '嘉兴技师学院-测试智造订单班'

function steps(ctx) {
  const { base, shot } = ctx
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
        // its add dialog opens with its form (an error in the form component fails the step)
        await p.locator('[data-test=add]').click()
        const dlg = p.locator('.el-dialog:visible')
        await dlg.locator('.el-form-item').first().waitFor()
        await dlg.locator('[data-test=dialog-save]').waitFor()
        await p.keyboard.press('Escape')
        await dlg.waitFor({ state: 'hidden' })
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

// This suite's screenshots are the numbered ones (01-login.png); other suites use a prefix.
runSuite({ argv: process.argv.slice(2), prefix: '', mine: (f) => /^[0-9]+-/.test(f), steps })
