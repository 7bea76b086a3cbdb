/* The specialty catalogue's state and handlers (专业目录): code, name, department, years of study. */
import { computed } from 'vue'
import { useI18n } from 'vue-i18n'
import { createSpecialty, deleteSpecialty, getSpecialty, listSpecialties, updateSpecialty } from '@/api/talent/specialties'
import type { Specialty } from '@/api/talent/types'
import { useList } from '@/composables/useList'
import { useCrudDialog } from '@/composables/useCrudDialog'
import { required } from '@/utils/validate'

export const SPECIALTY_FIELDS = ['code', 'name', 'department_id', 'duration_years', 'remark'] as const
export type SpecialtyForm = Record<(typeof SPECIALTY_FIELDS)[number], any>

export function useSpecialtyList() {
  return useList<Specialty>(listSpecialties, { q: '', department_id: '', sort: 'code' })
}

export function useSpecialtyDialog(after: () => void) {
  const { t } = useI18n()
  const dlg = useCrudDialog<Specialty, SpecialtyForm>({
    api: { get: getSpecialty, create: createSpecialty, update: updateSpecialty, remove: deleteSpecialty },
    fields: [...SPECIALTY_FIELDS],
    blank: () => ({ code: '', name: '', department_id: null, duration_years: 3, remark: '' }),
    titles: { add: 'specialty.add', edit: 'specialty.edit' },
    nameOf: (r) => r.name,
    after
  })
  const rules = computed(() => ({
    code: [required(t, t('specialty.code'))],
    name: [required(t, t('specialty.name'))]
  }))
  return { ...dlg, rules }
}
