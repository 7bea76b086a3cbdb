/*
 * The only HTTP client of the web app.  It speaks the chanjiao JSON API
 * (/api/v1): it sends the session cookie and, on every write, the CSRF token;
 * it turns the error envelope {"error":{code,message,field}} into an ApiError
 * carrying the server's (Chinese or English) message; a 401 sends the user back
 * to the login page.  It never swallows a failure: every error is rejected to
 * the caller, and shown once unless the caller asked to show it itself
 * (`quiet`, used by forms to put a field error beside its field).
 *
 * What it does not do: it knows no entity and no page; the UI pieces (the
 * message toast, the router) are handed in by configureRequest() so that the
 * client stays testable without a browser.
 */

export type Query = Record<string, string | number | boolean | null | undefined>

export interface RequestOptions {
  params?: Query
  data?: unknown
  /** The record version for PATCH/DELETE (sent as If-Match: "<version>"). */
  version?: number
  /** The caller shows the error itself (a form); the client only rejects. */
  quiet?: boolean
  /** A 401 here is an answer, not an expired session (the login call). */
  noAuthRedirect?: boolean
}

export class ApiError extends Error {
  status: number
  code: string
  field: string | null

  constructor(status: number, code: string, message: string, field: string | null = null) {
    super(message)
    this.name = 'ApiError'
    this.status = status
    this.code = code
    this.field = field
  }
}

export interface RequestConfig {
  base: string
  /** Shows one error message to the user. */
  notify: (message: string, err: ApiError) => void
  /** Called once per 401 outside the login call. */
  onUnauthorized: (err: ApiError) => void
  /** The UI language, sent as Accept-Language so that server messages match it. */
  locale: () => string
  /** The text for a failed connection, in the UI language. */
  networkMessage: () => string
  fetch?: typeof fetch
}

const config: RequestConfig = {
  base: '/api/v1',
  notify: () => {},
  onUnauthorized: () => {},
  locale: () => 'zh-CN',
  networkMessage: () => '网络错误，无法连接服务器'
}

let csrfToken = ''

export function configureRequest(c: Partial<RequestConfig>): void {
  Object.assign(config, c)
}

export function setCsrfToken(token: string | null | undefined): void {
  csrfToken = token || ''
}

export function getCsrfToken(): string {
  return csrfToken
}

/** For clients that do not go through request() (an upload with progress): a failed connection, in the UI language. */
export function networkError(): ApiError {
  return new ApiError(0, 'network', config.networkMessage())
}

/** For the same clients: a 401 is an expired session, handled as request() handles it. */
export function sessionExpired(err: ApiError): void {
  config.onUnauthorized(err)
}

/** The query string of params, leaving out empty values. */
export function buildQuery(params?: Query): string {
  if (!params) return ''
  const sp = new URLSearchParams()
  for (const [k, v] of Object.entries(params)) {
    if (v === undefined || v === null || v === '') continue
    sp.append(k, String(v))
  }
  const s = sp.toString()
  return s ? `?${s}` : ''
}

function isWrite(method: string): boolean {
  return method !== 'GET' && method !== 'HEAD'
}

async function parseBody(res: Response): Promise<unknown> {
  const text = await res.text()
  if (!text) return null
  try {
    return JSON.parse(text)
  } catch {
    return text
  }
}

/** The ApiError for a failed response: the envelope when there is one. */
export function toApiError(status: number, body: unknown): ApiError {
  const env = body && typeof body === 'object' ? (body as any).error : null
  if (env && typeof env === 'object') {
    return new ApiError(
      status,
      String(env.code || 'error'),
      String(env.message || env.code || `HTTP ${status}`),
      env.field ? String(env.field) : null
    )
  }
  return new ApiError(status, status >= 500 ? 'internal' : 'http_error', `HTTP ${status}`)
}

export async function request<T = any>(method: string, url: string, opts: RequestOptions = {}): Promise<T> {
  const headers: Record<string, string> = {
    Accept: 'application/json',
    'Accept-Language': config.locale()
  }
  let body: string | FormData | undefined
  if (typeof FormData !== 'undefined' && opts.data instanceof FormData) {
    body = opts.data // a file upload: the browser sets the multipart Content-Type and its boundary
  } else if (opts.data !== undefined) {
    headers['Content-Type'] = 'application/json'
    body = JSON.stringify(opts.data)
  }
  if (isWrite(method) && csrfToken) headers['X-CSRF-Token'] = csrfToken
  if (opts.version !== undefined && opts.version !== null) headers['If-Match'] = `"${opts.version}"`

  const doFetch = config.fetch || fetch
  let res: Response
  try {
    res = await doFetch(config.base + url + buildQuery(opts.params), {
      method,
      headers,
      body,
      credentials: 'same-origin'
    })
  } catch (e) {
    const err = new ApiError(0, 'network', config.networkMessage())
    if (!opts.quiet) config.notify(err.message, err)
    throw err
  }

  const data = await parseBody(res)
  if (res.ok) return data as T

  const err = toApiError(res.status, data)
  if (res.status === 401 && !opts.noAuthRedirect) {
    setCsrfToken('')
    config.onUnauthorized(err)
  } else if (!opts.quiet) {
    config.notify(err.message, err)
  }
  throw err
}

export const http = {
  get: <T = any>(url: string, params?: Query, opts: RequestOptions = {}) =>
    request<T>('GET', url, { ...opts, params }),
  post: <T = any>(url: string, data?: unknown, opts: RequestOptions = {}) =>
    request<T>('POST', url, { ...opts, data }),
  patch: <T = any>(url: string, data: unknown, version?: number, opts: RequestOptions = {}) =>
    request<T>('PATCH', url, { ...opts, data, version }),
  del: <T = any>(url: string, version?: number, opts: RequestOptions = {}) =>
    request<T>('DELETE', url, { ...opts, version })
}

/** A list answer of the API. */
export interface Page<T> {
  items: T[]
  total: number
  page: number
  size: number
}
