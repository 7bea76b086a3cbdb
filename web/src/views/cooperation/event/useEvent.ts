/*
 * The event pages' state and handlers: the timeline (search, pagination), the
 * add/edit dialog (attendees, press credits, actions), delete.
 */
import { computed, reactive, ref } from 'vue'
import { useI18n } from 'vue-i18n'
import { ElMessage, ElMessageBox, type FormInstance } from 'element-plus'
import { createEvent, deleteEvent, getEvent, listEvents, updateEvent } from '@/api/events'
import type { CjEvent } from '@/api/types'
import { useList } from '@/composables/useList'
import { changedFields, clearFieldErrors, dropEmpty, emptyToNull, handleSubmitError } from '@/utils/form'
import { required } from '@/utils/validate'

export const EVENT_FIELDS = ['title', 'date', 'place', 'kind', 'summary', 'attendees', 'press', 'actions'] as const
export type ActionRow = { action: string; target_type: string; target_id: number | null; target_name: string }
export type EventForm = {
  title: string; date: string | null; place: string; kind: string; summary: string
  attendeesText: string; press: { role: string; name: string }[]; actions: ActionRow[]
}

/** The order in which the report tells what happened. */
export const ACTION_ORDER = ['commendation', 'task_book_issued', 'plaque_awarded', 'agreement_signed', 'flag_awarded']

function blank(): EventForm {
  return { title: '', date: null, place: '', kind: 'meeting', summary: '', attendeesText: '', press: [], actions: [] }
}

export function useEventList() {
  return useList<CjEvent>(listEvents, { q: '', kind: '', date_from: '', date_to: '', sort: '-date', size: 10 })
}

export function useEventDialog(afterSave: (e: CjEvent) => void) {
  const { t } = useI18n()
  const open = ref(false)
  const submitting = ref(false)
  const editing = ref<CjEvent | null>(null)
  const form = reactive<EventForm>(blank())
  const fieldErrors = reactive<Record<string, string>>(Object.fromEntries(EVENT_FIELDS.map((f) => [f, ''])))
  const formRef = ref<{ form: FormInstance | undefined; focus: () => void }>()
  const title = computed(() => (editing.value ? t('event.edit') : t('event.add')))
  const rules = computed(() => ({
    title: [required(t, t('event.name'))],
    date: [required(t, t('event.date'), 'change')]
  }))

  function fill(rec: CjEvent | null) {
    Object.assign(form, blank())
    if (rec) {
      Object.assign(form, {
        title: rec.title, date: rec.date, place: rec.place || '', kind: rec.kind, summary: rec.summary || '',
        attendeesText: (rec.attendees || []).join('\n'),
        press: (rec.press || []).map((p) => ({ ...p })),
        actions: (rec.actions || []).map((a) => ({ action: a.action, target_type: a.target_type, target_id: a.target_id, target_name: a.target_name || '' }))
      })
    }
    clearFieldErrors(fieldErrors)
    formRef.value?.form?.clearValidate()
  }

  function handleAdd() {
    editing.value = null
    fill(null)
    open.value = true
  }

  async function handleUpdate(row: CjEvent) {
    try {
      const rec = await getEvent(row.id)
      editing.value = rec
      fill(rec)
      open.value = true
    } catch {
      /* shown by the client */
    }
  }

  async function reload() {
    if (!editing.value) return
    const rec = await getEvent(editing.value.id)
    editing.value = rec
    fill(rec)
    afterSave(rec)
  }

  function payload(): Record<string, any> {
    return {
      title: form.title, date: form.date, place: form.place, kind: form.kind, summary: form.summary,
      attendees: form.attendeesText.split('\n').map((s) => s.trim()).filter(Boolean),
      press: form.press.filter((p) => p.name.trim()).map((p) => ({ role: p.role, name: p.name.trim() })),
      actions: form.actions.filter((a) => a.target_id).map((a) => ({ action: a.action, target_type: a.target_type, target_id: a.target_id }))
    }
  }

  async function submitForm() {
    clearFieldErrors(fieldErrors)
    const ok = await formRef.value?.form?.validate().catch(() => false)
    if (!ok) return
    submitting.value = true
    try {
      let saved: CjEvent
      const p = payload()
      if (editing.value) {
        const old = {
          ...editing.value,
          actions: editing.value.actions.map((a) => ({ action: a.action, target_type: a.target_type, target_id: a.target_id })),
          press: editing.value.press.map((x) => ({ role: x.role, name: x.name }))
        }
        const diff = emptyToNull(changedFields(old, p, [...EVENT_FIELDS]))
        saved = Object.keys(diff).length ? await updateEvent(editing.value.id, editing.value.version, diff as any) : editing.value
      } else {
        saved = await createEvent(dropEmpty(p) as any)
      }
      ElMessage.success(t('common.saved'))
      open.value = false
      afterSave(saved)
    } catch (e) {
      await handleSubmitError(e, { fieldErrors, fields: [...EVENT_FIELDS], reload })
    } finally {
      submitting.value = false
    }
  }

  return { open, submitting, editing, form, fieldErrors, formRef, title, rules, handleAdd, handleUpdate, submitForm }
}

export function useEventDelete(after: (deleted: boolean) => void) {
  const { t } = useI18n()
  return async function handleDelete(row: CjEvent) {
    try {
      await ElMessageBox.confirm(t('common.deleteConfirm', { name: row.title }), t('common.deleteTitle'), { type: 'warning', confirmButtonText: t('common.delete'), cancelButtonText: t('common.cancel') })
    } catch {
      return
    }
    try {
      await deleteEvent(row.id, row.version)
      ElMessage.success(t('common.deleted'))
      after(true)
    } catch {
      after(false)
    }
  }
}

/** The actions of an event grouped as the report tells them: by action, then by target kind. */
export function groupActions(actions: CjEvent['actions']) {
  const byAction = new Map<string, Map<string, CjEvent['actions']>>()
  for (const a of actions || []) {
    if (!byAction.has(a.action)) byAction.set(a.action, new Map())
    const g = byAction.get(a.action)!
    const k = a.target_kind || a.target_type
    if (!g.has(k)) g.set(k, [])
    g.get(k)!.push(a)
  }
  const order = [...byAction.keys()].sort((x, y) => (ACTION_ORDER.indexOf(x) + 99) % 99 - (ACTION_ORDER.indexOf(y) + 99) % 99)
  return order.map((action) => ({ action, groups: [...byAction.get(action)!.entries()].map(([kind, items]) => ({ kind, items })) }))
}
