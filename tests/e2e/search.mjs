#!/usr/bin/env node
/*
 * The browser suite of the search module: the box in the top bar (GET
 * /api/v1/search) and a list opened from it, in Debian's Chromium against the
 * real chanjiao binary with a fresh demo database (tests/e2e/lib.mjs).
 *
 *   node tests/e2e/search.mjs --binary build/chanjiao [--web web/dist] [--pg DIR] ...
 *
 * Screenshots go to the screenshots folder as search-NN-*.png; the last line
 * is "N passed, M failed" (exit 1 if any failed).
 */
import { assert, expectText, login, runSuite, waitTableLoaded } from './lib.mjs'

const JXBL = '浙江加西贝拉科技服务股份有限公司'

function steps(ctx) {
  const { base, shot } = ctx
  const page = () => ctx.page
  const box = () => page().locator('[data-test=global-search] input, input[data-test=global-search]').first()
  const popper = () => page().locator('.cj-global-search-popper:visible')

  return [
    ['type jxbl in the top bar, see 浙江加西贝拉科技服务股份有限公司, open it', async () => {
      const p = page()
      await login(p, base, 'admin')
      await box().click()
      await box().pressSequentially('jxbl', { delay: 60 })
      const item = popper().locator('.cj-gs-item[data-kind=enterprise]').filter({ hasText: JXBL })
      await item.waitFor()
      await expectText(popper().locator('.cj-gs-header[data-kind=enterprise]'), '合作企业', 'the enterprises group')
      await expectText(popper().locator('.cj-gs-header[data-kind=carrier]'), '合作载体', 'the carriers group')
      await shot(p, 'jxbl')
      await item.click()
      await p.waitForURL(/\/cooperation\/enterprises\/\d+/)
      await expectText(p.locator('[data-test=detail-title]'), JXBL, 'the enterprise page')
    }],
    ['characters typed are highlighted; traditional characters find the simplified name', async () => {
      const p = page()
      await box().click()
      await box().fill('')
      await box().pressSequentially('加西', { delay: 60 })
      const item = popper().locator('.cj-gs-item[data-kind=enterprise]').filter({ hasText: JXBL })
      await item.waitFor()
      await expectText(item.locator('mark'), '加西', 'the typed characters marked')
      await box().fill('')
      await box().pressSequentially('貝拉', { delay: 60 })
      await popper().locator('.cj-gs-item[data-kind=enterprise]').filter({ hasText: JXBL }).waitFor()
      await shot(p, 'traditional')
    }],
    ['a group title opens its list filtered by what was typed; the list takes pinyin', async () => {
      const p = page()
      await box().fill('')
      await box().pressSequentially('jxbl', { delay: 60 })
      await popper().locator('.cj-gs-header[data-kind=carrier]').click()
      await p.waitForURL(/\/cooperation\/carriers\?q=jxbl/)
      const table = p.locator('.el-table').first()
      await waitTableLoaded(p, table)
      const text = await table.innerText()
      assert(text.includes('加西贝拉'), `the carriers of 加西贝拉 listed: ${text.slice(0, 200)}`)
      await shot(p, 'carriers-jxbl')
    }]
  ]
}

runSuite({ argv: process.argv.slice(2), prefix: 'search-', mine: (f) => f.startsWith('search-'), steps })
