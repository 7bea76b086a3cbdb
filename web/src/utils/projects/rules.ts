/*
 * The rules of the key-projects pages, as the server has them
 * (src/core/rules-projects.c): the two-level outline code of a task ("2",
 * "2.3") and its place under its parent, the derived figures as shown
 * (attainment, arrival/execution/completion rates as percentages), and the
 * evidence files an upload accepts (checked here before sending; the server
 * judges again by content).  Pure functions; the unit tests pin them.
 */

// ---- outline codes ----

export interface Outline {
  major: number
  minor: number
  level: 1 | 2
}

const PART = /^[1-9][0-9]{0,2}$/

/** "N" or "N.M", each part 1..999 without a leading zero; null otherwise. */
export function parseOutline(code: string | null | undefined): Outline | null {
  if (typeof code !== 'string') return null
  const parts = code.split('.')
  if (parts.length > 2 || !parts.every((p) => PART.test(p))) return null
  const major = Number(parts[0])
  const minor = parts.length === 2 ? Number(parts[1]) : 0
  return { major, minor, level: parts.length === 2 ? 2 : 1 }
}

/** The order of a code in its task book: 2 < 2.1 < 2.10 < 3 (as the server's outline_order). */
export function outlineOrder(code: string): number {
  const o = parseOutline(code)
  return o ? o.major * 1000 + o.minor : Number.MAX_SAFE_INTEGER
}

/** The first-level code a second-level code sits under ("2.3" → "2"); null for a first-level or bad code. */
export function outlineParent(code: string): string | null {
  const o = parseOutline(code)
  return o && o.level === 2 ? String(o.major) : null
}

export type OutlineError = 'format' | 'parent' | 'duplicate' | 'children'

/**
 * What is wrong with giving a task the code `code` in a book whose other
 * tasks have `codes` (the task's own old code, when editing, is `self`):
 * a malformed code, a second-level code whose parent is not in the book, a
 * code already used, or renumbering a first-level task that has children.
 */
export function checkOutlineCode(code: string, codes: string[], self?: string | null): OutlineError | null {
  const o = parseOutline(code)
  if (!o) return 'format'
  const others = codes.filter((c) => c !== self)
  if (others.includes(code)) return 'duplicate'
  if (o.level === 2 && !others.includes(String(o.major))) return 'parent'
  if (self && code !== self && parseOutline(self)?.level === 1 && others.some((c) => outlineParent(c) === self)) return 'children'
  return null
}

/** The next free code: the next first-level code, or the next one under parent. */
export function nextOutlineCode(codes: string[], parent?: string | null): string {
  const parsed = codes.map(parseOutline).filter((x): x is Outline => !!x)
  if (parent) {
    const major = Number(parent)
    const minors = parsed.filter((o) => o.level === 2 && o.major === major).map((o) => o.minor)
    return `${major}.${Math.max(0, ...minors) + 1}`
  }
  return String(Math.max(0, ...parsed.map((o) => o.major)) + 1)
}

export type TreeRow<T> = T & { children?: TreeRow<T>[] }

/**
 * Tasks as an outline tree (first-level rows with their second-level rows
 * as children), each level in outline order.  A second-level task whose
 * parent is missing stays at the top, in its place.
 */
export function buildOutlineTree<T extends { code: string }>(tasks: T[]): TreeRow<T>[] {
  const sorted = [...tasks].sort((a, b) => outlineOrder(a.code) - outlineOrder(b.code))
  const top: TreeRow<T>[] = []
  const byCode = new Map<string, TreeRow<T>>()
  for (const t of sorted) if (!outlineParent(t.code)) {
    const row: TreeRow<T> = { ...t }
    byCode.set(t.code, row)
    top.push(row)
  }
  for (const t of sorted) {
    const p = outlineParent(t.code)
    if (!p) continue
    const parent = byCode.get(p)
    if (parent) (parent.children ||= []).push({ ...t })
    else top.push({ ...t })
  }
  return top.sort((a, b) => outlineOrder(a.code) - outlineOrder(b.code))
}

// ---- figures ----

/** Attainment of an indicator: min(actual ÷ target, 1); 0 for no or a negative actual or a target ≤ 0. */
export function attainment(actual: number | null | undefined, target: number | null | undefined): number {
  if (!target || target <= 0 || !actual || actual <= 0) return 0
  return actual >= target ? 1 : actual / target
}

/** A rate (0.5974) as a percentage for a progress bar (59.7); null stays null (nothing to count). */
export function ratePercent(rate: number | null | undefined): number | null {
  if (rate === null || rate === undefined || !Number.isFinite(rate)) return null
  return Math.round(rate * 1000) / 10
}

/** A rate as text: 0.5974 → "59.7%", 1 → "100%", null → "—". */
export function formatRate(rate: number | null | undefined): string {
  const p = ratePercent(rate)
  if (p === null) return '—'
  return `${Number.isInteger(p) ? p : p.toFixed(1)}%`
}

/** The colour of a rate's bar: reached (≥ 100 %), on the way (≥ 60 %), behind. */
export function rateStatus(rate: number | null | undefined): 'success' | '' | 'warning' | 'exception' {
  if (rate === null || rate === undefined) return ''
  if (rate >= 1) return 'success'
  if (rate >= 0.6) return ''
  if (rate >= 0.3) return 'warning'
  return 'exception'
}

/** Whole yuan as 万元 with up to two decimals: 30000000 → "3,000", 1234567 → "123.46". */
export function formatWan(yuan: number | null | undefined): string {
  if (yuan === null || yuan === undefined) return '—'
  return (yuan / 10000).toLocaleString('zh-CN', { maximumFractionDigits: 2 })
}

export function formatYuan(yuan: number | null | undefined): string {
  if (yuan === null || yuan === undefined) return '—'
  return yuan.toLocaleString('zh-CN')
}

/** The latest year that has data (the years of the task books), else the current year. */
export function defaultYear(years: (number | null | undefined)[], now = new Date()): number {
  const ys = years.filter((y): y is number => typeof y === 'number')
  return ys.length ? Math.max(...ys) : now.getFullYear()
}

// ---- evidence files ----

/** The most an upload may be (src/api/attachments-projects.h: CJ_MAX_UPLOAD). */
export const MAX_UPLOAD = 20 * 1024 * 1024

/** The kinds the server accepts, by file name extension. */
const EXTENSIONS: Record<string, 'pdf' | 'png' | 'jpeg' | 'docx' | 'xlsx'> = {
  pdf: 'pdf', png: 'png', jpg: 'jpeg', jpeg: 'jpeg', docx: 'docx', xlsx: 'xlsx'
}
export const ACCEPT = '.pdf,.png,.jpg,.jpeg,.docx,.xlsx'

/** What the first bytes of a file are: pdf, png, jpeg, zip (DOCX and XLSX are ZIP packages), or null. */
export function sniffKind(head: Uint8Array): 'pdf' | 'png' | 'jpeg' | 'zip' | null {
  const b = (i: number) => (i < head.length ? head[i] : -1)
  if ([0x25, 0x50, 0x44, 0x46, 0x2d].every((v, i) => b(i) === v)) return 'pdf' // %PDF-
  if ([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a].every((v, i) => b(i) === v)) return 'png'
  if (b(0) === 0xff && b(1) === 0xd8 && b(2) === 0xff) return 'jpeg'
  if (b(0) === 0x50 && b(1) === 0x4b && b(2) === 0x03 && b(3) === 0x04) return 'zip' // PK\3\4
  return null
}

export type FileError = 'empty' | 'tooBig' | 'name' | 'type'

/** A name the server takes: no path, no control character, no "..", not starting with a dot or space. */
export function fileNameOk(name: string): boolean {
  if (!name || new TextEncoder().encode(name).length > 255) return false
  if (name[0] === '.' || name[0] === ' ') return false
  if (/[\u0000-\u001f\u007f/\\]/.test(name) || name.includes('..')) return false
  return true
}

/**
 * Whether a file may be uploaded as evidence: not empty, at most 20 MiB, a
 * good name, an accepted extension, and (when its first bytes are given)
 * content of that kind.  null when it may.
 */
export function checkEvidenceFile(file: { name: string; size: number }, head?: Uint8Array): FileError | null {
  if (file.size <= 0) return 'empty'
  if (file.size > MAX_UPLOAD) return 'tooBig'
  if (!fileNameOk(file.name)) return 'name'
  const ext = file.name.includes('.') ? file.name.split('.').pop()!.toLowerCase() : ''
  const kind = EXTENSIONS[ext]
  if (!kind) return 'type'
  if (head) {
    const got = sniffKind(head)
    const want = kind === 'docx' || kind === 'xlsx' ? 'zip' : kind
    if (got !== want) return 'type'
  }
  return null
}

/** A size in bytes as text: 45 B, 12.3 KB, 4.5 MB. */
export function formatFileSize(n: number): string {
  if (n < 1024) return `${n} B`
  if (n < 1024 * 1024) return `${(n / 1024).toFixed(1)} KB`
  return `${(n / 1024 / 1024).toFixed(1)} MB`
}
