// The HTTP client: headers, the error envelope, 401 handling; fetch is mocked.
import { beforeEach, describe, expect, it, vi } from 'vitest'
import { ApiError, buildQuery, configureRequest, http, request, setCsrfToken } from '../../src/utils/request'
import { handleSubmitError, changedFields } from '../../src/utils/form'

vi.mock('element-plus', () => ({ ElMessage: { error: vi.fn() }, ElMessageBox: { confirm: vi.fn() } }))
vi.mock('../../src/locales', () => ({ i18n: { global: { t: (k: string) => k } } }))

type Call = { url: string; init: RequestInit }

function mockFetch(status: number, body: unknown, calls: Call[] = []) {
  const f = vi.fn(async (url: string, init: RequestInit) => {
    calls.push({ url, init })
    const text = body === undefined ? '' : typeof body === 'string' ? body : JSON.stringify(body)
    return new Response(status === 204 ? null : text, { status, headers: { 'Content-Type': 'application/json' } })
  })
  return f as unknown as typeof fetch
}

function headers(c: Call): Record<string, string> {
  return c.init.headers as Record<string, string>
}

let notify: ReturnType<typeof vi.fn>
let onUnauthorized: ReturnType<typeof vi.fn>

beforeEach(() => {
  notify = vi.fn()
  onUnauthorized = vi.fn()
  configureRequest({ notify, onUnauthorized, locale: () => 'zh-CN', networkMessage: () => '网络错误' })
  setCsrfToken('tok123')
})

describe('request', () => {
  it('sends the CSRF token on writes and not on reads', async () => {
    const calls: Call[] = []
    configureRequest({ fetch: mockFetch(200, { ok: 1 }, calls) })
    await http.get('/carriers', { kind: 'training_base', q: '', page: 1 })
    await http.post('/carriers', { name: 'x' })
    await http.patch('/carriers/3', { status: 'active' }, 7)
    await http.del('/carriers/3', 8)
    expect(calls[0].url).toBe('/api/v1/carriers?kind=training_base&page=1')
    expect(calls[0].init.method).toBe('GET')
    expect(headers(calls[0])['X-CSRF-Token']).toBeUndefined()
    expect(calls[0].init.credentials).toBe('same-origin')
    for (const c of calls.slice(1)) expect(headers(c)['X-CSRF-Token']).toBe('tok123')
    expect(headers(calls[1])['Content-Type']).toBe('application/json')
    expect(calls[1].init.body).toBe('{"name":"x"}')
    expect(headers(calls[2])['If-Match']).toBe('"7"')
    expect(headers(calls[3])['If-Match']).toBe('"8"')
    expect(headers(calls[0])['Accept-Language']).toBe('zh-CN')
  })

  it('returns the parsed body, and nothing for 204', async () => {
    configureRequest({ fetch: mockFetch(200, { items: [1], total: 1 }) })
    expect(await http.get('/x')).toEqual({ items: [1], total: 1 })
    configureRequest({ fetch: mockFetch(204, undefined) })
    expect(await http.del('/x/1')).toBeNull()
  })

  it('maps the error envelope to an ApiError with its message and field, and shows it once', async () => {
    configureRequest({ fetch: mockFetch(400, { error: { code: 'invalid_argument', message: '统一社会信用代码校验位错误', field: 'uscc' } }) })
    const err = await http.post('/enterprises', {}).catch((e) => e)
    expect(err).toBeInstanceOf(ApiError)
    expect(err).toMatchObject({ status: 400, code: 'invalid_argument', message: '统一社会信用代码校验位错误', field: 'uscc' })
    expect(notify).toHaveBeenCalledTimes(1)
    expect(notify).toHaveBeenCalledWith('统一社会信用代码校验位错误', err)
  })

  it('leaves showing the error to a form that asks for it (quiet), but still rejects', async () => {
    configureRequest({ fetch: mockFetch(409, { error: { code: 'version_conflict', message: '记录已被他人修改，请刷新后重试', field: 'version' } }) })
    const err = await http.patch('/carriers/1', { name: 'y' }, 1, { quiet: true }).catch((e) => e)
    expect(err).toMatchObject({ status: 409, code: 'version_conflict' })
    expect(notify).not.toHaveBeenCalled()
  })

  it('sends the user to login on 401, once, without a toast', async () => {
    configureRequest({ fetch: mockFetch(401, { error: { code: 'unauthenticated', message: '未登录或登录已过期' } }) })
    const err = await http.get('/carriers').catch((e) => e)
    expect(err).toMatchObject({ status: 401, code: 'unauthenticated' })
    expect(onUnauthorized).toHaveBeenCalledTimes(1)
    expect(notify).not.toHaveBeenCalled()
  })

  it('does not treat a failed login (401) as an expired session', async () => {
    configureRequest({ fetch: mockFetch(401, { error: { code: 'unauthenticated', message: '学校代码、用户名或密码错误' } }) })
    const err = await request('POST', '/session', { data: {}, quiet: true, noAuthRedirect: true }).catch((e) => e)
    expect(err.message).toBe('学校代码、用户名或密码错误')
    expect(onUnauthorized).not.toHaveBeenCalled()
  })

  it('reports a body without an envelope and a failed connection', async () => {
    configureRequest({ fetch: mockFetch(502, '<html>bad gateway</html>') })
    expect(await http.get('/x').catch((e) => e)).toMatchObject({ status: 502, code: 'internal', message: 'HTTP 502' })
    configureRequest({ fetch: (async () => { throw new TypeError('Failed to fetch') }) as unknown as typeof fetch })
    const err = await http.get('/x').catch((e) => e)
    expect(err).toMatchObject({ status: 0, code: 'network', message: '网络错误' })
    expect(notify).toHaveBeenCalledTimes(2)
  })

  it('builds query strings without empty values', () => {
    expect(buildQuery({ a: '', b: null, c: undefined, d: 0, e: false, q: '嘉兴' })).toBe('?d=0&e=false&q=%E5%98%89%E5%85%B4')
    expect(buildQuery({})).toBe('')
  })
})

describe('form error handling', () => {
  it('puts a server field error beside its field', async () => {
    const fieldErrors: Record<string, string> = { name: '', uscc: '' }
    await handleSubmitError(new ApiError(409, 'duplicate', '该统一社会信用代码已存在', 'uscc'), { fieldErrors, fields: ['name', 'uscc'] })
    expect(fieldErrors.uscc).toBe('该统一社会信用代码已存在')
    expect(fieldErrors.name).toBe('')
  })

  it('offers to reload after a version conflict', async () => {
    const { ElMessageBox } = await import('element-plus')
    ;(ElMessageBox.confirm as any).mockResolvedValueOnce('confirm')
    const reload = vi.fn()
    await handleSubmitError(new ApiError(409, 'version_conflict', '记录已被他人修改，请刷新后重试', 'version'), { reload, fieldErrors: {} })
    expect(ElMessageBox.confirm).toHaveBeenCalledWith('common.conflict', 'common.conflictTitle', expect.objectContaining({ confirmButtonText: 'common.reload' }))
    expect(reload).toHaveBeenCalledTimes(1)
  })

  it('shows an error that fits no field as a message', async () => {
    const { ElMessage } = await import('element-plus')
    await handleSubmitError(new ApiError(409, 'invalid_transition', '不允许的状态变更：ended → active', 'status'), { fieldErrors: { name: '' }, fields: ['name'] })
    expect(ElMessage.error).toHaveBeenCalled()
  })

  it('sends only the changed fields, treating empty and null alike', () => {
    expect(changedFields({ name: 'a', remark: null, size: 'large' }, { name: 'a', remark: '', size: 'small' }, ['name', 'remark', 'size'])).toEqual({ size: 'small' })
  })
})
