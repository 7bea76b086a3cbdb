/*
 * What every add/edit dialog does with the API: send only the changed fields
 * on PATCH, put a server field error beside its field, and on a version
 * conflict tell the user and offer to reload.  Nothing is swallowed: an
 * error that fits no field is shown as a message.
 */
import { ElMessage, ElMessageBox } from 'element-plus'
import { ApiError } from './request'
import { i18n } from '@/locales'

const t = (k: string, a?: Record<string, unknown>) => (i18n.global as any).t(k, a || {}) as string

function norm(v: unknown): unknown {
  return v === undefined || v === '' ? null : v
}

function same(a: unknown, b: unknown): boolean {
  return JSON.stringify(norm(a)) === JSON.stringify(norm(b))
}

/** The fields of current that differ from original (for PATCH). */
export function changedFields<T extends Record<string, any>>(original: Record<string, any>, current: T, keys: (keyof T)[]): Partial<T> {
  const out: Partial<T> = {}
  for (const k of keys) if (!same(original[k as string], current[k])) out[k] = current[k]
  return out
}

/** Empty strings become null, so that the server clears the field. */
export function emptyToNull<T extends Record<string, any>>(o: T): T {
  const out: Record<string, any> = {}
  for (const [k, v] of Object.entries(o)) out[k] = typeof v === 'string' && v.trim() === '' ? null : v
  return out as T
}

/** Leaves out null and empty values (for POST). */
export function dropEmpty<T extends Record<string, any>>(o: T): Partial<T> {
  const out: Record<string, any> = {}
  for (const [k, v] of Object.entries(o)) if (!(v === null || v === undefined || (typeof v === 'string' && v.trim() === ''))) out[k] = v
  return out as Partial<T>
}

export function clearFieldErrors(fieldErrors: Record<string, string>) {
  for (const k of Object.keys(fieldErrors)) fieldErrors[k] = ''
}

/** Offers to reload after a version conflict; resolves true if the user chose to. */
export async function offerReload(): Promise<boolean> {
  try {
    await ElMessageBox.confirm(t('common.conflict'), t('common.conflictTitle'), {
      type: 'warning',
      confirmButtonText: t('common.reload'),
      cancelButtonText: t('common.cancel'),
      customClass: 'cj-conflict-box'
    })
    return true
  } catch {
    return false
  }
}

export interface SubmitErrorContext {
  fieldErrors?: Record<string, string>
  /** The form's fields: a server error on one of these goes beside it. */
  fields?: string[]
  /** Reloads the record after a conflict. */
  reload?: () => void | Promise<void>
}

/** Shows a failed write where it belongs. */
export async function handleSubmitError(err: unknown, ctx: SubmitErrorContext = {}): Promise<void> {
  if (!(err instanceof ApiError)) {
    ElMessage.error(String((err as any)?.message || err))
    return
  }
  if (err.status === 401) return // the client has sent the user to the login page
  if (err.code === 'version_conflict') {
    if (await offerReload()) await ctx.reload?.()
    return
  }
  if (err.field && ctx.fieldErrors && (ctx.fields || Object.keys(ctx.fieldErrors)).includes(err.field)) {
    ctx.fieldErrors[err.field] = err.message
    ElMessage.error({ message: err.message, grouping: true })
    return
  }
  ElMessage.error({ message: err.message, grouping: true })
}
