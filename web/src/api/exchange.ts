// /api/v1/{list}/import-template, /import, /export.xlsx and /reports/quality.xlsx (the exchange module's
// route table, src/modules/exchange/routes.c).  Downloads are same-origin links (the session cookie goes
// with them); the import is an XMLHttpRequest so that the dialog can show the upload's progress.
import { ApiError, buildQuery, getCsrfToken, networkError, sessionExpired, toApiError, type Query } from '@/utils/request'

const BASE = '/api/v1'

export interface ImportResult {
  inserted: number
  updated: number
}

/** One error of a rejected file: the sheet's row, the column as written, the field and the message. */
export interface ImportRowError {
  row: number
  column: string
  field: string
  message: string
}

/** 422 import_rejected: every error of the file; nothing was stored. */
export class ImportRejected extends ApiError {
  rows: ImportRowError[]

  constructor(message: string, rows: ImportRowError[]) {
    super(422, 'import_rejected', message)
    this.name = 'ImportRejected'
    this.rows = rows
  }
}

export function templateUrl(list: string): string {
  return `${BASE}/${list}/import-template`
}

/** The export of a list as filtered on screen: its query without the page. */
export function exportUrl(list: string, params: Query = {}): string {
  const { page, size, ...rest } = params
  void page
  void size
  return `${BASE}/${list}/export.xlsx${buildQuery(rest)}`
}

export function qualityReportUrl(year: number): string {
  return `${BASE}/reports/quality.xlsx${buildQuery({ year })}`
}

export interface ImportOptions {
  mode?: 'insert' | 'upsert'
  /** The share of the file sent so far, 0 to 1. */
  onProgress?: (fraction: number) => void
  locale?: string
  /** For tests: the XMLHttpRequest to use. */
  xhr?: () => XMLHttpRequest
}

/** The answer of an import as a result, an ImportRejected (422 with rows) or an ApiError. */
export function importAnswer(status: number, text: string): ImportResult {
  let body: any = null
  try {
    body = text ? JSON.parse(text) : null
  } catch {
    body = text
  }
  if (status === 200 && body && typeof body.inserted === 'number') return body as ImportResult
  if (status === 422 && body?.error?.code === 'import_rejected')
    throw new ImportRejected(String(body.error.message || ''), Array.isArray(body.error.rows) ? body.error.rows : [])
  throw toApiError(status, body)
}

export function importFile(list: string, file: File | Blob, name: string, opts: ImportOptions = {}): Promise<ImportResult> {
  return new Promise((resolve, reject) => {
    const xhr = opts.xhr ? opts.xhr() : new XMLHttpRequest()
    const fd = new FormData()
    fd.append('file', file, name)
    xhr.open('POST', `${BASE}/${list}/import${buildQuery({ mode: opts.mode === 'upsert' ? 'upsert' : undefined })}`)
    xhr.setRequestHeader('Accept', 'application/json')
    xhr.setRequestHeader('Accept-Language', opts.locale || 'zh-CN')
    const csrf = getCsrfToken()
    if (csrf) xhr.setRequestHeader('X-CSRF-Token', csrf)
    xhr.withCredentials = true
    if (xhr.upload && opts.onProgress) {
      xhr.upload.onprogress = (e: ProgressEvent) => {
        if (e.lengthComputable && e.total > 0) opts.onProgress!(e.loaded / e.total)
      }
    }
    xhr.onload = () => {
      try {
        opts.onProgress?.(1)
        resolve(importAnswer(xhr.status, xhr.responseText))
      } catch (e) {
        if (e instanceof ApiError && e.status === 401) sessionExpired(e)
        reject(e)
      }
    }
    xhr.onerror = () => reject(networkError())
    xhr.send(fd)
  })
}
