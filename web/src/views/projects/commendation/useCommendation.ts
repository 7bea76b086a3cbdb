/*
 * 表彰: the list (search, project, event), the add/edit dialog (a staff
 * member or a person named outright; project and event), delete.
 */
import { computed } from 'vue'
import { useI18n } from 'vue-i18n'
import { createCommendation, deleteCommendation, getCommendation, listCommendations, updateCommendation } from '@/api/projects/commendations'
import type { Commendation } from '@/api/projects/types'
import { useList } from '@/composables/useList'
import { useCrudDialog } from '@/composables/useCrudDialog'
import { required } from '@/utils/validate'

export const COMMENDATION_FIELDS = ['title', 'staff_id', 'person_name', 'project_id', 'event_id', 'date', 'issuer', 'remark'] as const
export type CommendationForm = {
  title: string; staff_id: number | null; person_name: string; project_id: number | null; event_id: number | null
  date: string | null; issuer: string; remark: string
}

export function useCommendationList() {
  return useList<Commendation>(listCommendations, { q: '', project_id: '', event_id: '', sort: '-date' })
}

export function useCommendationDialog(after: () => void) {
  const { t } = useI18n()
  const dlg = useCrudDialog<Commendation, CommendationForm>({
    api: { get: getCommendation, create: createCommendation, update: updateCommendation, remove: deleteCommendation },
    fields: [...COMMENDATION_FIELDS],
    blank: () => ({ title: '', staff_id: null, person_name: '', project_id: null, event_id: null, date: null, issuer: '', remark: '' }),
    titles: { add: 'projects.commendation.add', edit: 'projects.commendation.edit' },
    nameOf: (r) => r.label,
    after
  })
  const form = dlg.form
  const rules = computed(() => ({
    title: [required(t, t('projects.commendation.name'))],
    date: [required(t, t('projects.commendation.date'), 'change')],
    person_name: [{
      trigger: 'blur',
      validator: (_r: unknown, v: string, cb: (e?: Error) => void) => {
        if (!form.staff_id && !(v || '').trim()) return cb(new Error(t('projects.rules.person')))
        cb()
      }
    }]
  }))
  return { ...dlg, rules }
}
