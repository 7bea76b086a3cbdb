/*
 * The placement pages' state and handlers: the list, the add/edit dialog (a
 * second post internship overlapping the student's first is refused by the
 * server: 409 "overlap", shown beside the start date), delete, and the
 * enterprise's confirmation of its intern or hire.
 */
import { computed } from 'vue'
import { useI18n } from 'vue-i18n'
import { ElMessage, ElMessageBox } from 'element-plus'
import { confirmPlacement, createPlacement, deletePlacement, getPlacement, listPlacements, updatePlacement } from '@/api/talent/placements'
import type { Placement } from '@/api/talent/types'
import { useList } from '@/composables/useList'
import { useCrudDialog } from '@/composables/useCrudDialog'
import { useTalentRefsStore } from '@/stores/talent/refs'
import { useDictStore } from '@/stores/dict'
import { handleSubmitError } from '@/utils/form'
import { dateOrderRule, required } from '@/utils/validate'

export const PLACEMENT_FIELDS = ['student_id', 'enterprise_id', 'carrier_id', 'kind', 'start_date', 'end_date', 'position', 'mentor', 'status', 'score', 'remark'] as const
export type PlacementForm = Record<(typeof PLACEMENT_FIELDS)[number], any> & { student_name: string; enterprise_name: string; carrier_name: string }

export function usePlacementList() {
  return useList<Placement>(listPlacements, { student_id: '', enterprise_id: '', carrier_id: '', kind: '', status: '', confirmed: '', sort: '-start_date' })
}

export function usePlacementDialog(after: () => void) {
  const { t } = useI18n()
  const talentRefs = useTalentRefsStore()
  const dlg = useCrudDialog<Placement, PlacementForm>({
    api: { get: getPlacement, create: createPlacement, update: updatePlacement, remove: deletePlacement },
    fields: [...PLACEMENT_FIELDS],
    blank: () => ({
      student_id: null, student_name: '', enterprise_id: null, enterprise_name: '', carrier_id: null, carrier_name: '', kind: 'post',
      start_date: null, end_date: null, position: '', mentor: '', status: 'planned', score: null, remark: ''
    }),
    toBody: (f, editing) => {
      const b: Record<string, any> = { ...f }
      delete b.student_name
      delete b.enterprise_name
      delete b.carrier_name
      if (editing) b.student_id = editing.student_id // fixed once created
      return b
    },
    titles: { add: 'placement.add', edit: 'placement.edit' },
    nameOf: (r) => `${r.student_name || ''} · ${r.enterprise_name || ''}`,
    after
  })
  async function handleUpdate(row: Placement) {
    await dlg.handleUpdate(row)
    const r = dlg.editing.value
    if (!r) return
    dlg.form.student_name = r.student_name || ''
    dlg.form.enterprise_name = r.enterprise_name || ''
    if (r.carrier_id) {
      await talentRefs.ensureCarriers([r.carrier_id])
      dlg.form.carrier_name = talentRefs.carrierName(r.carrier_id)
    }
  }
  /** Adds with the student or enterprise already chosen (from a filter). */
  function handleAdd(preset?: Partial<PlacementForm>) {
    dlg.handleAdd()
    if (preset) Object.assign(dlg.form, preset)
  }
  const form = dlg.form
  const rules = computed(() => ({
    student_id: [required(t, t('placement.student'), 'change')],
    enterprise_id: [required(t, t('placement.enterprise'), 'change')],
    kind: [required(t, t('placement.kind'), 'change')],
    start_date: [required(t, t('common.startDate'), 'change')],
    end_date: [dateOrderRule(t, () => form.start_date)],
    status: [required(t, t('placement.status'), 'change')]
  }))
  return { ...dlg, handleAdd, handleUpdate, rules }
}

/** The enterprise confirms an intern or hire, after saying so. */
export function usePlacementConfirm(after: () => void) {
  const { t } = useI18n()
  const dict = useDictStore()
  return async function handleConfirm(row: Placement) {
    try {
      await ElMessageBox.confirm(
        t('placement.confirmAsk', { student: row.student_name, enterprise: row.enterprise_name, kind: dict.label('placement_kind', row.kind) }),
        t('placement.confirm'),
        { type: 'info', confirmButtonText: t('placement.confirm'), cancelButtonText: t('common.cancel') }
      )
    } catch {
      return
    }
    try {
      await confirmPlacement(row.id)
      ElMessage.success(t('placement.confirmed'))
    } catch (e) {
      await handleSubmitError(e)
    }
    after()
  }
}
