/*
 * The event pages' state and handlers: the timeline (search, pagination), the
 * add/edit dialog (attendees, press credits, actions) and delete, on useCrudDialog.
 */
import { computed } from 'vue'
import { useI18n } from 'vue-i18n'
import { createEvent, deleteEvent, getEvent, listEvents, updateEvent } from '@/api/events'
import type { CjEvent } from '@/api/types'
import { useList } from '@/composables/useList'
import { useCrudDialog } from '@/composables/useCrudDialog'
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

/** The add/edit dialog and delete, used by the timeline and by the event's page. */
export function useEventDialog(afterSave: (e: CjEvent | null) => void, afterDelete?: (deleted: boolean) => void) {
  const { t } = useI18n()
  const actionsBody = (list: { action: string; target_type: string; target_id: number | null }[]) =>
    list.map((a) => ({ action: a.action, target_type: a.target_type, target_id: a.target_id }))
  const dlg = useCrudDialog<CjEvent, EventForm>({
    api: { get: getEvent, create: createEvent, update: updateEvent, remove: deleteEvent },
    fields: [...EVENT_FIELDS],
    blank,
    toForm: (r) => ({
      title: r.title, date: r.date, place: r.place || '', kind: r.kind, summary: r.summary || '',
      attendeesText: (r.attendees || []).join('\n'),
      press: (r.press || []).map((p) => ({ ...p })),
      actions: (r.actions || []).map((a) => ({ action: a.action, target_type: a.target_type, target_id: a.target_id, target_name: a.target_name || '' }))
    }),
    toBody: (f) => ({
      title: f.title, date: f.date, place: f.place, kind: f.kind, summary: f.summary,
      attendees: f.attendeesText.split('\n').map((s) => s.trim()).filter(Boolean),
      press: f.press.filter((p) => p.name.trim()).map((p) => ({ role: p.role, name: p.name.trim() })),
      actions: actionsBody(f.actions.filter((a) => a.target_id))
    }),
    toCompare: (r) => ({ ...r, actions: actionsBody(r.actions), press: r.press.map((x) => ({ role: x.role, name: x.name })) }),
    titles: { add: 'event.add', edit: 'event.edit' },
    nameOf: (r) => r.title,
    after: afterSave,
    afterDelete
  })
  const rules = computed(() => ({
    title: [required(t, t('event.name'))],
    date: [required(t, t('event.date'), 'change')]
  }))
  return { ...dlg, rules }
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
