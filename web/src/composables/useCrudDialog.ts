/*
 * The add/edit dialog of a record, for every module: fill the form from a
 * record, validate, POST the non-empty fields or PATCH the changed ones with
 * the record's version, put a server field error beside its field, offer to
 * reload after a version conflict; and delete with confirmation.  The form
 * component exposes validate() and clearValidate() (and may expose focus()).
 */
import { computed, reactive, ref, type Ref } from 'vue'
import { useI18n } from 'vue-i18n'
import { ElMessage, ElMessageBox, type FormInstance } from 'element-plus'
import { changedFields, clearFieldErrors, dropEmpty, emptyToNull, handleSubmitError } from '@/utils/form'

export interface CrudApi<T> {
  get: (id: number) => Promise<T>
  create: (data: any) => Promise<T>
  update: (id: number, version: number, data: any) => Promise<T>
  remove: (id: number, version?: number) => Promise<void>
}

export interface CrudDialogOptions<T, F extends Record<string, any>> {
  api: CrudApi<T>
  fields: (keyof F & string)[]
  blank: () => F
  titles: { add: string; edit: string }
  /** The form from a record (default: the same keys). */
  toForm?: (rec: T) => Partial<F>
  /** The body from the form (default: the form). */
  toBody?: (form: F, editing: T | null) => Record<string, any>
  /** The record as the body compares with it, for a PATCH (default: the record). */
  toCompare?: (rec: T) => Record<string, any>
  /** The fields a PATCH may carry (default: fields). */
  patchFields?: string[]
  /** Fields left out of a PATCH when empty (write-only ones such as a password). */
  keepIfEmpty?: string[]
  nameOf: (rec: T) => string
  /** After a save (with the saved record), a reload after a conflict, or a delete (null). */
  after: (saved: T | null) => void
  /** After a delete, instead of after(null): whether it was deleted. */
  afterDelete?: (deleted: boolean) => void
}

/** What the dialog needs of its form component. */
export interface FormRef {
  validate: () => Promise<boolean>
  clearValidate: () => void
  focus?: () => void
}

export function useCrudDialog<T extends { id: number; version: number }, F extends Record<string, any>>(o: CrudDialogOptions<T, F>) {
  const { t } = useI18n()
  const open = ref(false)
  const submitting = ref(false)
  const editing = ref<T | null>(null) as Ref<T | null>
  const form = reactive(o.blank()) as F
  const fieldErrors = reactive<Record<string, string>>(Object.fromEntries(o.fields.map((f) => [f, ''])))
  const formRef = ref<FormRef | FormInstance>()
  const title = computed(() => t(editing.value ? o.titles.edit : o.titles.add))

  function fill(rec: T | null) {
    Object.assign(form, o.blank())
    if (rec) {
      const f = o.toForm ? o.toForm(rec) : (rec as any)
      const blank = o.blank() as any
      for (const k of new Set([...Object.keys(blank), ...o.fields])) if (k in f) (form as any)[k] = f[k] ?? blank[k]
    }
    clearFieldErrors(fieldErrors)
    formRef.value?.clearValidate()
  }

  /** Opens an empty form, with some fields preset (the kind of the open tab). */
  function handleAdd(preset?: Partial<F>) {
    editing.value = null
    fill(null)
    // A click handler passes its event: only a plain object presets.
    if (preset && Object.getPrototypeOf(preset) === Object.prototype) Object.assign(form, preset)
    open.value = true
  }

  async function handleUpdate(row: T) {
    try {
      const rec = await o.api.get(row.id)
      editing.value = rec
      fill(rec)
      open.value = true
    } catch {
      /* shown by the client */
    }
  }

  async function reload() {
    if (!editing.value) return
    const rec = await o.api.get(editing.value.id)
    editing.value = rec
    fill(rec)
    o.after(rec)
  }

  async function submitForm() {
    clearFieldErrors(fieldErrors)
    const ok = await formRef.value?.validate().catch(() => false)
    if (!ok) return
    submitting.value = true
    try {
      const body = o.toBody ? o.toBody(form, editing.value) : { ...form }
      let saved: T
      if (editing.value) {
        const keys = (o.patchFields || o.fields).filter((k) => !(o.keepIfEmpty || []).includes(k) || body[k])
        const old = o.toCompare ? o.toCompare(editing.value) : (editing.value as any)
        const diff = emptyToNull(changedFields(old, body, keys as any))
        saved = Object.keys(diff).length ? await o.api.update(editing.value.id, editing.value.version, diff) : editing.value
      } else {
        saved = await o.api.create(dropEmpty(body))
      }
      ElMessage.success(t('common.saved'))
      open.value = false
      o.after(saved)
    } catch (e) {
      await handleSubmitError(e, { fieldErrors, fields: o.fields, reload })
    } finally {
      submitting.value = false
    }
  }

  /** Deletes after confirmation; resolves whether it was deleted. */
  async function handleDelete(row: T): Promise<boolean> {
    try {
      await ElMessageBox.confirm(t('common.deleteConfirm', { name: o.nameOf(row) }), t('common.deleteTitle'), { type: 'warning', confirmButtonText: t('common.delete'), cancelButtonText: t('common.cancel') })
    } catch {
      return false
    }
    let deleted = false
    try {
      await o.api.remove(row.id, row.version)
      ElMessage.success(t('common.deleted'))
      deleted = true
    } catch {
      /* shown by the client */
    }
    if (o.afterDelete) o.afterDelete(deleted)
    else o.after(null)
    return deleted
  }

  return { open, submitting, editing, form, fieldErrors, formRef, title, handleAdd, handleUpdate, submitForm, handleDelete }
}
