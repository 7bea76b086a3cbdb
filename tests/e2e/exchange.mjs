#!/usr/bin/env node
/*
 * The browser suite of Excel exchange: on the enterprises list, download the
 * import template, upload a file with an error and see its row in the error
 * table, fix it and import it, find the rows in the list, export with a
 * filter; the quality report from the home page.  Debian's Chromium against
 * the real chanjiao binary with a fresh demo database (tests/e2e/lib.mjs).
 *
 *   node tests/e2e/exchange.mjs --binary build/chanjiao [--web web/dist] [--pg DIR] ...
 *
 * Screenshots go to the screenshots folder as exchange-NN-*.png; the last
 * line is "N passed, M failed" (exit 1 if any failed).
 */
import { assert, expectText, login, runSuite, waitTableLoaded } from './lib.mjs'

const ALPHABET = '0123456789ABCDEFGHJKLMNPQRTUWXY'
const USCC_W = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28]
const ORG_W = [3, 7, 9, 10, 5, 8, 4, 2]

/** A valid unified social credit code (GB 32100-2015) whose organisation code is the 8 digits of seed. */
function uscc(seed) {
  const body = String(seed % 100000000).padStart(8, '0')
  let s = 0
  for (let i = 0; i < 8; i++) s += Number(body[i]) * ORG_W[i]
  const c = 11 - (s % 11)
  const org = body + (c === 10 ? 'X' : c === 11 ? '0' : String(c))
  const first17 = '91330400' + org
  let t = 0
  for (let i = 0; i < 17; i++) t += ALPHABET.indexOf(first17[i]) * USCC_W[i]
  return first17 + ALPHABET[(31 - (t % 31)) % 31]
}

/** The same code with a wrong check character. */
function broken(code) {
  const i = ALPHABET.indexOf(code[17])
  return code.slice(0, 17) + ALPHABET[(i + 1) % 31]
}

function steps(ctx) {
  const { base, shot } = ctx
  const page = () => ctx.page
  const tag = `导入测试${Date.now() % 100000}`
  const seed = Date.now() % 10000000
  const good = [uscc(seed), uscc(seed + 1)]
  const csv = (codes) =>
    Buffer.from('\ufeff企业名称,统一社会信用代码,企业规模\r\n' + `${tag}甲,${codes[0]},中型\r\n${tag}乙,${codes[1]},小型\r\n`, 'utf-8')
  const dialog = () => page().locator('[data-test=import-dialog]')

  return [
    ['the enterprises list offers 导入 and 导出; the dialog hands out the template', async () => {
      const p = page()
      await login(p, base, 'admin')
      await p.goto(`${base}/cooperation/enterprises`)
      await waitTableLoaded(p, p.locator('.el-table').first())
      await p.locator('[data-test=export]').waitFor()
      await p.locator('[data-test=import]').click()
      await dialog().waitFor()
      const href = await dialog().locator('[data-test=import-template]').getAttribute('href')
      assert(href === '/api/v1/enterprises/import-template', `template link: ${href}`)
      const got = await p.evaluate(async (u) => {
        const r = await fetch(u)
        const b = new Uint8Array(await r.arrayBuffer())
        return { status: r.status, type: r.headers.get('content-type'), magic: String.fromCharCode(b[0], b[1]) }
      }, href)
      assert(got.status === 200 && got.magic === 'PK' && got.type.includes('spreadsheetml'), `the template: ${JSON.stringify(got)}`)
      await shot(p, 'dialog')
    }],
    ['a file with a wrong credit code is rejected: the error table names row 3 and its column', async () => {
      const p = page()
      await dialog().locator('[data-test=import-file]').setInputFiles({ name: 'partners.csv', mimeType: 'text/csv', buffer: csv([good[0], broken(good[1])]) })
      await dialog().locator('[data-test=import-submit]').click()
      const table = dialog().locator('[data-test=import-errors]')
      await table.waitFor()
      const text = await table.innerText()
      assert(text.includes('3') && text.includes('统一社会信用代码') && text.includes('校验位'), `the error row: ${text}`)
      await expectText(dialog().locator('[data-test=import-error]'), '导入未执行', 'the summary')
      await shot(p, 'rejected')
      const r = await p.evaluate(async (q) => (await (await fetch(`/api/v1/enterprises?q=${encodeURIComponent(q)}`)).json()).total, tag)
      assert(r === 0, `nothing stored: ${r}`)
    }],
    ['the fixed file imports and says how many rows went in; the rows are in the list', async () => {
      const p = page()
      await dialog().locator('[data-test=import-file]').setInputFiles({ name: 'partners.csv', mimeType: 'text/csv', buffer: csv(good) })
      await dialog().locator('[data-test=import-submit]').click()
      await expectText(dialog().locator('[data-test=import-done]'), '新增 2 条', 'the count')
      await shot(p, 'imported')
      await dialog().getByRole('button', { name: '取消' }).click()
      await dialog().waitFor({ state: 'hidden' })
      await p.locator('[data-test=search-q] input, input[data-test=search-q]').first().fill(tag)
      await p.locator('[data-test=search-submit]').click()
      const table = p.locator('[data-test=enterprise-table]')
      await waitTableLoaded(p, table)
      const text = await table.innerText()
      assert(text.includes(`${tag}甲`) && text.includes(`${tag}乙`), `the imported rows listed: ${text.slice(0, 300)}`)
    }],
    ['导出 takes the filter on screen and downloads those rows', async () => {
      const p = page()
      const href = await p.locator('[data-test=export]').getAttribute('href')
      assert(href.startsWith('/api/v1/enterprises/export.xlsx?') && href.includes(`q=${encodeURIComponent(tag)}`), `export link: ${href}`)
      assert(!href.includes('page='), `no page in the export: ${href}`)
      const [download] = await Promise.all([p.waitForEvent('download'), p.locator('[data-test=export] button').click()])
      const name = download.suggestedFilename()
      assert(name.endsWith('.xlsx'), `the file: ${name}`)
      const path = await download.path()
      const fs = await import('node:fs')
      const b = fs.readFileSync(path)
      assert(b[0] === 0x50 && b[1] === 0x4b && b.length > 1000, `an .xlsx: ${b.length} bytes`)
      await shot(p, 'exported')
    }],
    ['a task book page imports tasks and indicators and exports its tasks', async () => {
      const p = page()
      const books = await p.evaluate(async () => (await (await fetch('/api/v1/task-books?size=1')).json()).items)
      assert(books.length === 1, 'a demo task book')
      await p.goto(`${base}/projects/task-books/${books[0].id}`)
      await p.locator('[data-test=task-tree]').waitFor()
      const href = await p.locator('[data-test=export-tasks]').getAttribute('href')
      assert(href === `/api/v1/tasks/export.xlsx?task_book_id=${books[0].id}`, `the book's tasks: ${href}`)
      const got = await p.evaluate(async (u) => (await fetch(u)).status, href)
      assert(got === 200, `the export: ${got}`)
      await p.locator('[data-test=import-indicators]').click()
      const tpl = await dialog().locator('[data-test=import-template]').getAttribute('href')
      assert(tpl === '/api/v1/indicators/import-template', `the indicators' template: ${tpl}`)
      await shot(p, 'task-book')
      await dialog().getByRole('button', { name: '取消' }).click()
    }],
    ['the home page downloads the quality report of a year', async () => {
      const p = page()
      await p.goto(`${base}/`)
      const link = p.locator('[data-test=quality-download]')
      await link.waitFor()
      const href = await link.getAttribute('href')
      assert(/\/api\/v1\/reports\/quality\.xlsx\?year=\d{4}$/.test(href), `report link: ${href}`)
      const got = await p.evaluate(async (u) => (await fetch(u)).status, href)
      assert(got === 200, `the report: ${got}`)
      await shot(p, 'home-report')
    }]
  ]
}

runSuite({ argv: process.argv.slice(2), prefix: 'exchange-', mine: (f) => f.startsWith('exchange-'), steps })
