// The import dialog's client (src/api/exchange.ts): the export link carries the list's filters but not its
// page; the upload reports progress, resolves the counts, and rejects a bad file with every row's error.
import { describe, expect, it } from 'vitest'
import { ImportRejected, exportUrl, importAnswer, importFile, qualityReportUrl, templateUrl } from '../../src/api/exchange'
import { ApiError, setCsrfToken } from '../../src/utils/request'

class FakeXHR {
  static last: FakeXHR
  method = ''
  url = ''
  headers: Record<string, string> = {}
  body: any = null
  status = 0
  responseText = ''
  withCredentials = false
  upload: { onprogress: ((e: any) => void) | null } = { onprogress: null }
  onload: (() => void) | null = null
  onerror: (() => void) | null = null
  constructor(private answer: { status: number; body: unknown }) {
    FakeXHR.last = this
  }
  open(m: string, u: string) {
    this.method = m
    this.url = u
  }
  setRequestHeader(k: string, v: string) {
    this.headers[k] = v
  }
  send(b: any) {
    this.body = b
    this.upload.onprogress?.({ lengthComputable: true, loaded: 50, total: 100 })
    this.status = this.answer.status
    this.responseText = typeof this.answer.body === 'string' ? this.answer.body : JSON.stringify(this.answer.body)
    this.onload?.()
  }
}

function fake(status: number, body: unknown) {
  return () => new FakeXHR({ status, body }) as unknown as XMLHttpRequest
}

describe('exchange links', () => {
  it('exports the list as filtered, without the page', () => {
    expect(exportUrl('students', { page: 3, size: 20, q: '张', status: 'enrolled', sort: '-student_no', cohort_year: '' }))
      .toBe('/api/v1/students/export.xlsx?q=%E5%BC%A0&status=enrolled&sort=-student_no')
    expect(exportUrl('enterprises')).toBe('/api/v1/enterprises/export.xlsx')
    expect(templateUrl('carriers')).toBe('/api/v1/carriers/import-template')
    expect(qualityReportUrl(2024)).toBe('/api/v1/reports/quality.xlsx?year=2024')
  })
})

describe('importFile', () => {
  it('sends the file with the CSRF token, reports progress and resolves the counts', async () => {
    setCsrfToken('tok')
    const seen: number[] = []
    const r = await importFile('students', new Blob(['a,b']), 'a.csv', { mode: 'upsert', onProgress: (p) => seen.push(p), xhr: fake(200, { inserted: 3, updated: 1 }) })
    expect(r).toEqual({ inserted: 3, updated: 1 })
    expect(FakeXHR.last.method).toBe('POST')
    expect(FakeXHR.last.url).toBe('/api/v1/students/import?mode=upsert')
    expect(FakeXHR.last.headers['X-CSRF-Token']).toBe('tok')
    expect(FakeXHR.last.body.get('file').name).toBe('a.csv')
    expect(seen).toEqual([0.5, 1])
    await importFile('students', new Blob(['x']), 'a.csv', { xhr: fake(200, { inserted: 1, updated: 0 }) })
    expect(FakeXHR.last.url).toBe('/api/v1/students/import')
  })

  it('rejects a bad file with every row of the error table', async () => {
    const rows = [
      { row: 7, column: '统一社会信用代码', field: 'uscc', message: '统一社会信用代码校验位错误' },
      { row: 9, column: '企业名称', field: 'name', message: '必填项不能为空：企业名称' }
    ]
    const p = importFile('enterprises', new Blob(['x']), 'e.xlsx', { xhr: fake(422, { error: { code: 'import_rejected', message: '导入未执行：共 2 处错误', rows } }) })
    await expect(p).rejects.toBeInstanceOf(ImportRejected)
    const e = await p.catch((x) => x)
    expect(e.rows).toEqual(rows)
    expect(e.message).toBe('导入未执行：共 2 处错误')
    expect(e.status).toBe(422)
  })

  it('rejects a refused file (a limit, not a zip) with the server message', async () => {
    const e = await importFile('students', new Blob(['x']), 'a.xlsx', { xhr: fake(400, { error: { code: 'invalid_argument', message: '文件不是有效的 .xlsx（不是 zip 压缩包）', field: 'file' } }) }).catch((x) => x)
    expect(e).toBeInstanceOf(ApiError)
    expect(e).not.toBeInstanceOf(ImportRejected)
    expect(e.message).toContain('zip')
    expect(e.field).toBe('file')
    expect(() => importAnswer(403, '')).toThrow(ApiError)
  })
})
