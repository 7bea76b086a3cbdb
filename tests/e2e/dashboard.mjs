#!/usr/bin/env node
/*
 * The browser suite of the dashboard module (三个全力): the college's home
 * page with its three pillars, each figure opening the records behind it,
 * and a bureau's region page, in Debian's Chromium against the real
 * chanjiao binary with a fresh demo database (tests/e2e/lib.mjs).
 *
 *   node tests/e2e/dashboard.mjs --binary build/chanjiao [--web web/dist] [--pg DIR] ...
 *
 * Screenshots go to the screenshots folder as dashboard-NN-*.png; the last
 * line is "N passed, M failed" (exit 1 if any failed).
 */
import { assert, expectText, fillItem, login, logout, pickOption, runSuite } from './lib.mjs'

const PILLARS = [
  ['pillar-projects', 'fig-projects-tasks', '全力推进省重点项目建设'],
  ['pillar-cooperation', 'fig-cooperation-first', '全力深化产教融合和校企合作'],
  ['pillar-service', 'fig-service-first', '全力打造社会服务“金名片”']
]

function steps(ctx) {
  const { base, shot } = ctx
  const page = () => ctx.page

  async function year2023(p) {
    await p.goto(`${base}/?year=2023`)
    await p.locator('[data-test=dashboard-title]').filter({ hasText: '2023' }).waitFor()
    await p.locator('[data-test=pillar-service]').waitFor()
  }

  return [
    ['the home page is the dashboard: three pillars, a year picker', async () => {
      const p = page()
      await login(p, base, 'admin')
      await p.locator('[data-test=dashboard]').waitFor()
      for (const [pillar, , title] of PILLARS) await expectText(p.locator(`[data-test=${pillar}]`), title, pillar)
      await pickOption(p, p.locator('[data-test=dashboard-year]'), '2023')
      await p.waitForURL(/year=2023/)
      await p.locator('[data-test=dashboard-title]').filter({ hasText: '2023' }).waitFor()
      await p.locator('[data-test=dashboard-project]').first().waitFor()
      await shot(p, 'college-2023')
    }],
    ...PILLARS.map(([pillar, fig, title]) => [`the first figure of “${title}” opens its records, as many as it says`, async () => {
      const p = page()
      await year2023(p)
      const link = p.locator(`[data-test=${pillar}] [data-test=${fig}]`).first()
      await link.waitFor()
      const value = Number(await link.getAttribute('data-value'))
      assert(value > 0, `${fig} is ${value} in the demo's 2023`)
      await link.click()
      await p.waitForURL(/\/dashboard\/records\?/)
      const total = p.locator('[data-test=total]')
      await total.waitFor()
      const n = Number(await total.getAttribute('data-total'))
      assert(n === value, `${fig}: the figure says ${value}, its records list ${n}`)
      await p.locator('[data-test=records-table] tbody tr').first().waitFor()
      await shot(p, `records-${pillar}`)
      await p.locator('[data-test=records-back]').click()
      await p.waitForURL(/year=2023/)
    }]),
    ['a bureau’s home is its region: the three colleges of 330400, ranked', async () => {
      const p = page()
      await logout(p)
      await p.goto(`${base}/login`)
      await fillItem(p, '学校代码', 'jxjyj')
      await fillItem(p, '用户名', 'viewer')
      await fillItem(p, '密码', 'chanjiao2023')
      await p.locator('[data-test=login-submit]').click()
      await p.locator('[data-test=region]').waitFor()
      await expectText(p.locator('[data-test=region-title]'), '嘉兴市', 'the region')
      const table = p.locator('[data-test=region-colleges]')
      for (const name of ['嘉兴技师学院', '嘉兴职业技术学院', '平湖市技工学校']) await expectText(table, name, 'the colleges')
      await p.locator('[data-test=region-college]').filter({ hasText: '平湖市技工学校' }).click()
      await expectText(p.locator('[data-test=region-college-figures]'), '平湖市技工学校', "a college's figures")
      // No record list in the menu of a bureau.
      assert((await p.locator('.el-menu-item[data-menu=enterprises]').count()) === 0, 'a bureau sees no enterprise list')
      await shot(p, 'region')
    }]
  ]
}

runSuite({ argv: process.argv.slice(2), prefix: 'dashboard-', mine: (f) => f.startsWith('dashboard-'), steps })
