// The key-projects rules (src/utils/projects.ts), as the server has them in src/core/rules-projects.c:
// outline codes under their parent, the derived figures as shown, the evidence files an upload takes.
import { describe, expect, it, vi } from 'vitest'
import {
  ACCEPT, MAX_UPLOAD, attainment, buildOutlineTree, checkEvidenceFile, checkOutlineCode, defaultYear, fileNameOk,
  formatFileSize, formatRate, formatWan, nextOutlineCode, outlineOrder, outlineParent, parseOutline, ratePercent,
  rateStatus, sniffKind
} from '../../../src/utils/projects/rules'
import { configureRequest, setCsrfToken } from '../../../src/utils/request'
import { uploadAttachment } from '../../../src/api/projects/attachments'

const bytes = (...b: number[]) => new Uint8Array(b)
const ascii = (s: string) => new TextEncoder().encode(s)
const PDF = ascii('%PDF-1.4')
const PNG = bytes(0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a)
const JPEG = bytes(0xff, 0xd8, 0xff, 0xe0, 0, 0x10, 0x4a, 0x46)
const ZIP = bytes(0x50, 0x4b, 0x03, 0x04, 0x14, 0, 0x06, 0)

describe('outline codes', () => {
  it('reads "N" and "N.M", each part 1..999 without a leading zero', () => {
    expect(parseOutline('2')).toEqual({ major: 2, minor: 0, level: 1 })
    expect(parseOutline('2.3')).toEqual({ major: 2, minor: 3, level: 2 })
    expect(parseOutline('999.999')).toEqual({ major: 999, minor: 999, level: 2 })
    for (const bad of ['', '0', '02', '2.0', '2.03', '1000', '2.1000', '2.3.1', '2.', '.3', ' 2', '2 ', 'a', '二', '2.3a', '-1', '+2'])
      expect(parseOutline(bad), bad).toBeNull()
    expect(parseOutline(null)).toBeNull()
    expect(parseOutline(undefined)).toBeNull()
  })

  it('orders as the server does: 2 < 2.1 < 2.10 < 3', () => {
    const codes = ['3', '2.10', '2', '10', '2.1', '2.2']
    expect([...codes].sort((a, b) => outlineOrder(a) - outlineOrder(b))).toEqual(['2', '2.1', '2.2', '2.10', '3', '10'])
    expect(outlineOrder('2.3')).toBe(2003)
  })

  it('knows the parent of a second-level code', () => {
    expect(outlineParent('2.3')).toBe('2')
    expect(outlineParent('12.1')).toBe('12')
    expect(outlineParent('2')).toBeNull()
    expect(outlineParent('x.1')).toBeNull()
  })

  it('puts a second-level code only under an existing first-level task', () => {
    const book = ['1', '1.1', '2', '3', '3.1']
    expect(checkOutlineCode('2.3', book)).toBeNull()
    expect(checkOutlineCode('4', book)).toBeNull()
    expect(checkOutlineCode('4.1', book)).toBe('parent')
    expect(checkOutlineCode('9.1', [])).toBe('parent')
    expect(checkOutlineCode('1.1', book)).toBe('duplicate')
    expect(checkOutlineCode('2.03', book)).toBe('format')
    // Editing a task keeps its own code; its parent must still be another task.
    expect(checkOutlineCode('1.1', book, '1.1')).toBeNull()
    expect(checkOutlineCode('2.1', book, '1.1')).toBeNull()
    // A first-level task with second-level tasks cannot be renumbered; one without can.
    expect(checkOutlineCode('5', book, '3')).toBe('children')
    expect(checkOutlineCode('5', book, '2')).toBeNull()
    // A first-level task cannot become the child of itself.
    expect(checkOutlineCode('2.1', book, '2')).toBe('parent')
  })

  it('proposes the next free code', () => {
    const book = ['1', '1.1', '1.2', '2', '3', '3.1']
    expect(nextOutlineCode(book)).toBe('4')
    expect(nextOutlineCode(book, '1')).toBe('1.3')
    expect(nextOutlineCode(book, '2')).toBe('2.1')
    expect(nextOutlineCode([])).toBe('1')
  })

  it('builds the outline tree: second-level tasks as children, in order, an orphan at the top', () => {
    const tasks = [
      { id: 5, code: '2.10' }, { id: 1, code: '1' }, { id: 4, code: '2.2' }, { id: 3, code: '2' },
      { id: 2, code: '1.1' }, { id: 6, code: '7.1' }, { id: 7, code: '3' }
    ]
    const tree = buildOutlineTree(tasks)
    expect(tree.map((r) => r.code)).toEqual(['1', '2', '3', '7.1'])
    expect(tree[0].children!.map((r) => r.code)).toEqual(['1.1'])
    expect(tree[1].children!.map((r) => r.code)).toEqual(['2.2', '2.10'])
    expect(tree[2].children).toBeUndefined()
    // The input is not changed.
    expect((tasks[1] as any).children).toBeUndefined()
  })
})

describe('figures', () => {
  it('attainment is min(actual ÷ target, 1), 0 when it cannot be computed', () => {
    expect(attainment(180, 300)).toBeCloseTo(0.6)
    expect(attainment(300, 300)).toBe(1)
    expect(attainment(450, 300)).toBe(1)
    expect(attainment(0, 300)).toBe(0)
    expect(attainment(null, 300)).toBe(0)
    expect(attainment(-5, 300)).toBe(0)
    expect(attainment(10, 0)).toBe(0)
    expect(attainment(10, -3)).toBe(0)
  })

  it('formats rates as percentages with one decimal, a rate of nothing as —', () => {
    expect(formatRate(0.5974)).toBe('59.7%')
    expect(formatRate(0.8667)).toBe('86.7%')
    expect(formatRate(0.85)).toBe('85%')
    expect(formatRate(1)).toBe('100%')
    expect(formatRate(0)).toBe('0%')
    expect(formatRate(0.28571)).toBe('28.6%')
    expect(formatRate(1.25)).toBe('125%') // spent beyond what arrived: the text says so
    expect(formatRate(null)).toBe('—')
    expect(formatRate(undefined)).toBe('—')
    expect(formatRate(NaN)).toBe('—')
    expect(ratePercent(0.7042)).toBe(70.4)
    expect(ratePercent(null)).toBeNull()
  })

  it('colours a rate by how far it got', () => {
    expect(rateStatus(1)).toBe('success')
    expect(rateStatus(0.7)).toBe('')
    expect(rateStatus(0.4)).toBe('warning')
    expect(rateStatus(0.2)).toBe('exception')
    expect(rateStatus(null)).toBe('')
  })

  it('shows whole yuan as 万元', () => {
    expect(formatWan(30000000)).toBe('3,000')
    expect(formatWan(1234567)).toBe('123.46')
    expect(formatWan(0)).toBe('0')
    expect(formatWan(null)).toBe('—')
  })

  it('defaults to the latest year that has data', () => {
    expect(defaultYear([2023, 2022, null])).toBe(2023)
    expect(defaultYear([], new Date('2026-11-29T00:00:00Z'))).toBe(2026)
  })
})

describe('evidence files', () => {
  it('tells the kinds apart by their first bytes', () => {
    expect(sniffKind(PDF)).toBe('pdf')
    expect(sniffKind(PNG)).toBe('png')
    expect(sniffKind(JPEG)).toBe('jpeg')
    expect(sniffKind(ZIP)).toBe('zip')
    expect(sniffKind(ascii('MZ\x90\x00'))).toBeNull()
    expect(sniffKind(ascii('%PD'))).toBeNull()
    expect(sniffKind(bytes())).toBeNull()
  })

  it('accepts PDF, PNG, JPEG, DOCX and XLSX of at most 20 MiB', () => {
    expect(checkEvidenceFile({ name: '证明.pdf', size: 45 }, PDF)).toBeNull()
    expect(checkEvidenceFile({ name: 'photo.JPG', size: 1000 }, JPEG)).toBeNull()
    expect(checkEvidenceFile({ name: 'photo.jpeg', size: 1000 }, JPEG)).toBeNull()
    expect(checkEvidenceFile({ name: 'chart.png', size: 1000 }, PNG)).toBeNull()
    expect(checkEvidenceFile({ name: '任务书.docx', size: 1000 }, ZIP)).toBeNull()
    expect(checkEvidenceFile({ name: '台账.xlsx', size: 1000 }, ZIP)).toBeNull()
    expect(checkEvidenceFile({ name: 'a.pdf', size: MAX_UPLOAD }, PDF)).toBeNull()
    expect(MAX_UPLOAD).toBe(20 * 1024 * 1024)
    expect(ACCEPT).toBe('.pdf,.png,.jpg,.jpeg,.docx,.xlsx')
  })

  it('refuses a file over the limit, or empty, before reading it', () => {
    expect(checkEvidenceFile({ name: 'a.pdf', size: MAX_UPLOAD + 1 })).toBe('tooBig')
    expect(checkEvidenceFile({ name: 'a.pdf', size: 0 })).toBe('empty')
  })

  it('refuses other types, by name and by content', () => {
    for (const name of ['notes.txt', 'macro.docm', 'sheet.xlsm', 'page.html', 'noext', 'a.pdf.exe', 'old.doc'])
      expect(checkEvidenceFile({ name, size: 10 }), name).toBe('type')
    // A name that lies about the content.
    expect(checkEvidenceFile({ name: 'report.pdf', size: 10 }, ascii('MZ\x90\x00'))).toBe('type')
    expect(checkEvidenceFile({ name: 'photo.png', size: 10 }, JPEG)).toBe('type')
    expect(checkEvidenceFile({ name: 'doc.docx', size: 10 }, PDF)).toBe('type')
  })

  it('refuses a name the server refuses (a path, "..", control characters, a leading dot or space)', () => {
    for (const name of ['../../x.pdf', 'a/b.pdf', 'a\\b.pdf', '.hidden.pdf', ' a.pdf', 'a..pdf', 'a\u0001.pdf', `${'长'.repeat(86)}.pdf`]) {
      expect(fileNameOk(name), name).toBe(false)
      expect(checkEvidenceFile({ name, size: 10 }, PDF), name).toBe('name')
    }
    expect(fileNameOk('2023年度 佐证材料（一）.pdf')).toBe(true)
  })

  it('formats sizes', () => {
    expect(formatFileSize(45)).toBe('45 B')
    expect(formatFileSize(12 * 1024 + 300)).toBe('12.3 KB')
    expect(formatFileSize(4.5 * 1024 * 1024)).toBe('4.5 MB')
  })

  it('uploads through the one HTTP client: multipart, with the CSRF token, no JSON content type', async () => {
    const calls: { url: string; init: RequestInit }[] = []
    configureRequest({
      notify: vi.fn(),
      fetch: (async (url: string, init: RequestInit) => {
        calls.push({ url, init })
        return new Response(JSON.stringify({ id: 9, filename: 'a.pdf', kind: 'pdf', size: 8 }), { status: 201 })
      }) as unknown as typeof fetch
    })
    setCsrfToken('tok')
    const file = new File([PDF], 'a.pdf', { type: 'application/pdf' })
    const rec = await uploadAttachment(file)
    expect(rec.id).toBe(9)
    expect(calls[0].url).toBe('/api/v1/attachments')
    expect(calls[0].init.method).toBe('POST')
    const h = calls[0].init.headers as Record<string, string>
    expect(h['X-CSRF-Token']).toBe('tok')
    expect(h['Content-Type']).toBeUndefined()
    const body = calls[0].init.body as FormData
    expect(body).toBeInstanceOf(FormData)
    expect((body.get('file') as File).name).toBe('a.pdf')
  })
})
