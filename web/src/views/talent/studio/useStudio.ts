/*
 * The studio pages' state and handlers: the list (search, pagination), the
 * add/edit dialog with leaders and members, delete with confirmation.
 */
import { computed } from 'vue'
import { useI18n } from 'vue-i18n'
import { createStudio, deleteStudio, getStudio, listStudios, updateStudio } from '@/api/talent/studios'
import type { Person, Studio } from '@/api/talent/types'
import { useList } from '@/composables/useList'
import { useCrudDialog } from '@/composables/useCrudDialog'
import { useTalentRefsStore } from '@/stores/talent/refs'
import { required } from '@/utils/validate'
import { peopleBody, useWriteScope } from '../common'

export const STUDIO_FIELDS = ['kind', 'name', 'field', 'level', 'honour', 'honour_date', 'event_id', 'department_id', 'remark', 'leaders', 'members'] as const
export type StudioForm = {
  kind: string; name: string; field: string; level: string | null; honour: string | null; honour_date: string | null
  event_id: number | null; department_id: number | null; remark: string; leaders: Person[]; members: Person[]
}

export function useStudioList() {
  return useList<Studio>(listStudios, { q: '', kind: '', level: '', honour: '', department_id: '', sort: 'id' })
}

export function useStudioDialog(after: () => void) {
  const { t } = useI18n()
  const { ownDepartment } = useWriteScope('studios')
  const talentRefs = useTalentRefsStore()
  const dlg = useCrudDialog<Studio, StudioForm>({
    api: { get: getStudio, create: createStudio, update: updateStudio, remove: deleteStudio },
    fields: [...STUDIO_FIELDS],
    blank: () => ({
      kind: 'master_studio', name: '', field: '', level: null, honour: null, honour_date: null, event_id: null,
      department_id: ownDepartment.value, remark: '', leaders: [], members: []
    }),
    toForm: (r) => ({ ...r, leaders: r.leaders.map((p) => ({ ...p })), members: r.members.map((p) => ({ ...p })) }),
    toBody: (f, editing) => ({ ...f, leaders: peopleBody(f.leaders, editing?.leaders), members: peopleBody(f.members, editing?.members) }),
    titles: { add: 'studio.add', edit: 'studio.edit' },
    nameOf: (r) => r.name,
    after: () => {
      talentRefs.loadStudios(true)
      after()
    }
  })
  const rules = computed(() => ({
    kind: [required(t, t('studio.kind'), 'change')],
    name: [required(t, t('studio.name'))]
  }))
  return { ...dlg, rules, ownDepartment }
}
