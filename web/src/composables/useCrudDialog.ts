/*
 * The add/edit dialog of a simple record (departments, staff, users): fill the
 * form from a record, validate, POST the non-empty fields or PATCH the changed
 * ones with the record's version, put a server field error beside its field,
 * offer to reload after a version conflict; and delete with confirmation.
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
  /** Fields left out of a PATCH when empty (write-only ones such as a password). */
  keepIfEmpty?: string[]
  nameOf: (rec: T) => string
  after: () => void
}

export function useCrudDialog<T extends { id: number; version: number }, F extends Record<string, any>>(o: CrudDialogOptions<T, F>) {
  const { t } = useI18n()
  const open = ref(false)
  const submitting = ref(false)
  const editing = ref<T | null>(null) as Ref<T | null>
  const form = reactive(o.blank()) as F
  const fieldErrors = reactive<Record<string, string>>(Object.fromEntries(o.fields.map((f) => [f, ''])))
  const formRef = ref<FormInstance>()
  const title = computed(() => t(editing.value ? o.titles.edit : o.titles.add))

  function fill(rec: T | null) {
    Object.assign(form, o.blank())
    if (rec) {
      const f = o.toForm ? o.toForm(rec) : (rec as any)
      for (const k of o.fields) if (k in f) (form as any)[k] = f[k] ?? (o.blank() as any)[k]
    }
    clearFieldErrors(fieldErrors)
    formRef.value?.clearValidate()
  }

  function handleAdd() {
    editing.value = null
    fill(null)
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
    o.after()
  }

  async function submitForm() {
    clearFieldErrors(fieldErrors)
    const ok = await formRef.value?.validate().catch(() => false)
    if (!ok) return
    submitting.value = true
    try {
      const body = o.toBody ? o.toBody(form, editing.value) : { ...form }
      if (editing.value) {
        const keys = o.fields.filter((k) => !(o.keepIfEmpty || []).includes(k) || body[k])
        const diff = emptyToNull(changedFields(editing.value as any, body, keys as any))
        if (Object.keys(diff).length) await o.api.update(editing.value.id, editing.value.version, diff)
      } else {
        await o.api.create(dropEmpty(body))
      }
      ElMessage.success(t('common.saved'))
      open.value = false
      o.after()
    } catch (e) {
      await handleSubmitError(e, { fieldErrors, fields: o.fields, reload })
    } finally {
      submitting.value = false
    }
  }

  async function handleDelete(row: T) {
    try {
      await ElMessageBox.confirm(t('common.deleteConfirm', { name: o.nameOf(row) }), t('common.deleteTitle'), { type: 'warning', confirmButtonText: t('common.delete'), cancelButtonText: t('common.cancel') })
    } catch {
      return
    }
    try {
      await o.api.remove(row.id, row.version)
      ElMessage.success(t('common.deleted'))
    } catch {
      /* shown by the client */
    }
    o.after()
  }

  return { open, submitting, editing, form, fieldErrors, formRef, title, handleAdd, handleUpdate, submitForm, handleDelete }
}
