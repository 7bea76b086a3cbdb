// @vitest-environment happy-dom
// The import dialog (src/components/ImportDialog.vue), mounted with Element Plus and the zh-CN messages:
// the template link, the upload's progress, the count of a good file, the error table of a rejected one.
// The upload is an XMLHttpRequest (src/api/exchange.ts): a fake one stands in for the network.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { flushPromises, mount, type VueWrapper } from '@vue/test-utils'
import ElementPlus from 'element-plus'
import { i18n } from '../../src/locales'
import ImportDialog from '../../src/components/ImportDialog.vue'

/** An upload that reports half of the file sent, then waits for the test to answer. */
class FakeXHR {
  static last: FakeXHR
  url = ''
  status = 0
  responseText = ''
  withCredentials = false
  upload: { onprogress: ((e: any) => void) | null } = { onprogress: null }
  onload: (() => void) | null = null
  onerror: (() => void) | null = null
  constructor() {
    FakeXHR.last = this
  }
  open(_m: string, u: string) {
    this.url = u
  }
  setRequestHeader() {}
  send() {
    this.upload.onprogress?.({ lengthComputable: true, loaded: 50, total: 100 })
  }
  answer(status: number, body: unknown) {
    this.status = status
    this.responseText = JSON.stringify(body)
    this.onload?.()
  }
}

let wrapper: VueWrapper
const $ = (sel: string) => document.body.querySelector<HTMLElement>(sel)

beforeEach(() => {
  vi.stubGlobal('XMLHttpRequest', FakeXHR)
  wrapper = mount(ImportDialog, {
    props: { modelValue: true, list: 'enterprises' },
    global: { plugins: [i18n, ElementPlus] },
    attachTo: document.body
  })
})

afterEach(() => {
  wrapper.unmount()
  vi.unstubAllGlobals()
})

/** Picks a file and starts the upload; the fake request stays open. */
async function upload(name = 'e.xlsx') {
  await flushPromises()
  const input = $('[data-test="import-file"]') as HTMLInputElement
  Object.defineProperty(input, 'files', { value: [new File(['x'], name)], configurable: true })
  input.dispatchEvent(new Event('change'))
  await flushPromises()
  $('[data-test="import-submit"]')!.click()
  await flushPromises()
}

describe('ImportDialog', () => {
  it('offers the template of its list, and nothing to submit before a file is picked', async () => {
    await flushPromises()
    expect($('[data-test="import-dialog"]')!.textContent).toContain('从 Excel 导入')
    const a = $('[data-test="import-template"]') as HTMLAnchorElement
    expect(a.getAttribute('href')).toBe('/api/v1/enterprises/import-template')
    expect(a.hasAttribute('download')).toBe(true)
    expect(a.textContent).toBe('下载导入模板')
    expect(($('[data-test="import-submit"]') as HTMLButtonElement).disabled).toBe(true)
  })

  it('shows the progress while uploading, then the count of rows that went in', async () => {
    await upload()
    expect(FakeXHR.last.url).toBe('/api/v1/enterprises/import')
    expect($('[data-test="import-progress"]')!.textContent).toContain('50%')
    expect($('[data-test="import-submit"]')!.classList.contains('is-loading')).toBe(true)
    expect(wrapper.emitted('imported')).toBeUndefined()

    FakeXHR.last.answer(200, { inserted: 12, updated: 3 })
    await flushPromises()
    expect($('[data-test="import-done"]')!.textContent).toContain('导入成功：新增 12 条，更新 3 条')
    expect($('[data-test="import-progress"]')!.textContent).toContain('100%')
    expect($('[data-test="import-submit"]')!.classList.contains('is-loading')).toBe(false)
    expect(wrapper.emitted('imported')).toEqual([[{ inserted: 12, updated: 3 }]])
    expect($('[data-test="import-errors"]')).toBeNull()
    // imported: a second click cannot send the same file again
    expect(($('[data-test="import-submit"]') as HTMLButtonElement).disabled).toBe(true)
  })

  it('lists every error of a rejected file: row, column and message', async () => {
    await upload()
    FakeXHR.last.answer(422, {
      error: {
        code: 'import_rejected',
        message: '导入未执行：共 1 处错误',
        rows: [{ row: 7, column: '统一社会信用代码', field: 'uscc', message: '统一社会信用代码校验位错误' }]
      }
    })
    await flushPromises()
    expect($('[data-test="import-error"]')!.textContent).toContain('导入未执行：共 1 处错误')
    const table = $('[data-test="import-errors"]')!
    const head = [...table.querySelectorAll('thead th')].map((th) => th.textContent!.trim())
    expect(head).toEqual(['行号', '列', '错误'])
    const cells = [...table.querySelectorAll('tbody tr td')].map((td) => td.textContent!.trim())
    expect(cells).toEqual(['7', '统一社会信用代码', '统一社会信用代码校验位错误'])
    expect(wrapper.emitted('imported')).toBeUndefined()
    expect($('[data-test="import-done"]')).toBeNull()
    // nothing went in: no full progress bar beside the error
    expect($('[data-test="import-progress"]')).toBeNull()
  })
})
