/*
 * The employee-training pages' state and handlers: the list (person-hours =
 * hours × trainees, derived by the server), the add/edit dialog, delete.
 */
import { computed } from 'vue'
import { useI18n } from 'vue-i18n'
import { createTraining, deleteTraining, getTraining, listTrainings, updateTraining } from '@/api/talent/trainings'
import type { Training } from '@/api/talent/types'
import { useList } from '@/composables/useList'
import { useCrudDialog } from '@/composables/useCrudDialog'
import { dateOrderRule, required } from '@/utils/validate'
import { useWriteScope } from '../common'

export const TRAINING_FIELDS = ['enterprise_id', 'title', 'occupation', 'start_date', 'end_date', 'hours', 'trainees', 'certificates_issued', 'department_id', 'studio_id', 'fee', 'remark'] as const
export type TrainingForm = Record<(typeof TRAINING_FIELDS)[number], any> & { enterprise_name: string }

export function useTrainingList() {
  return useList<Training>(listTrainings, { q: '', enterprise_id: '', occupation: '', department_id: '', studio_id: '', sort: '-start_date' })
}

export function useTrainingDialog(after: () => void) {
  const { t } = useI18n()
  const { ownDepartment } = useWriteScope('trainings')
  const dlg = useCrudDialog<Training, TrainingForm>({
    api: { get: getTraining, create: createTraining, update: updateTraining, remove: deleteTraining },
    fields: [...TRAINING_FIELDS],
    blank: () => ({
      enterprise_id: null, enterprise_name: '', title: '', occupation: '', start_date: null, end_date: null, hours: null, trainees: null,
      certificates_issued: null, department_id: ownDepartment.value, studio_id: null, fee: null, remark: ''
    }),
    toBody: (f) => {
      const b: Record<string, any> = { ...f }
      delete b.enterprise_name
      return b
    },
    titles: { add: 'training.add', edit: 'training.edit' },
    nameOf: (r) => r.title,
    after
  })
  async function handleUpdate(row: Training) {
    await dlg.handleUpdate(row)
    if (dlg.editing.value) dlg.form.enterprise_name = dlg.editing.value.enterprise_name || ''
  }
  function handleAdd(preset?: Partial<TrainingForm>) {
    dlg.handleAdd()
    if (preset) Object.assign(dlg.form, preset)
  }
  const form = dlg.form
  const countRule = (label: string) => ({
    trigger: 'change',
    validator: (_r: unknown, v: any, cb: (e?: Error) => void) => (v === null || v === undefined || v === '' ? cb(new Error(t('rules.required', { label }))) : cb())
  })
  const rules = computed(() => ({
    enterprise_id: [required(t, t('training.enterprise'), 'change')],
    title: [required(t, t('training.title'))],
    start_date: [required(t, t('common.startDate'), 'change')],
    end_date: [dateOrderRule(t, () => form.start_date)],
    hours: [countRule(t('training.hours'))],
    trainees: [countRule(t('training.trainees'))],
    certificates_issued: [{
      trigger: 'change',
      validator: (_r: unknown, v: any, cb: (e?: Error) => void) =>
        v !== null && v !== undefined && form.trainees !== null && form.trainees !== undefined && v > form.trainees ? cb(new Error(t('training.moreCertificates'))) : cb()
    }]
  }))
  return { ...dlg, handleAdd, handleUpdate, rules, ownDepartment }
}
