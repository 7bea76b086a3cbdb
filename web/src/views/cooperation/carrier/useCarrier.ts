/*
 * The carrier pages' state and handlers: the list (tabs by kind, search,
 * pagination), the add/edit dialog with its partners and delete (on
 * useCrudDialog), and the status
 * moves (negotiating → signed → active → ended(expired); ended(terminated)
 * from any state that has not ended).
 */
import { computed, ref } from 'vue'
import { useI18n } from 'vue-i18n'
import { ElMessage, ElMessageBox } from 'element-plus'
import { createCarrier, deleteCarrier, getCarrier, listCarriers, moveCarrier, updateCarrier } from '@/api/carriers'
import type { Carrier, Partner } from '@/api/types'
import { useList } from '@/composables/useList'
import { useCrudDialog } from '@/composables/useCrudDialog'
import { useUserStore } from '@/stores/user'
import { useDictStore } from '@/stores/dict'
import { handleSubmitError } from '@/utils/form'
import { dateOrderRule, required } from '@/utils/validate'

export const CARRIER_KINDS = ['training_base', 'industry_college', 'enterprise_college', 'order_class', 'apprenticeship', 'joint_center']

export const CARRIER_FIELDS = [
  'kind', 'name', 'department_id', 'status', 'signed_on', 'valid_from', 'valid_to', 'plaque_no', 'plaque_date',
  'capacity', 'on_campus', 'base_nature', 'productive', 'virtual_sim', 'workstations', 'remark', 'partners'
] as const
type Field = (typeof CARRIER_FIELDS)[number]
export type PartnerRow = { enterprise_id: number | null; enterprise_name: string; lead: boolean }
export type CarrierForm = Record<Exclude<Field, 'partners'>, any> & { partners: PartnerRow[] }

const BASE_ONLY: Field[] = ['on_campus', 'base_nature', 'productive', 'virtual_sim', 'workstations']

/** The status moves allowed from a status, as the server's state machine allows them. */
export interface Move { key: string; status: string; endReason: string | null; type: string }
export function allowedMoves(status: string): Move[] {
  const term: Move = { key: 'terminated', status: 'ended', endReason: 'terminated', type: 'danger' }
  switch (status) {
    case 'negotiating': return [{ key: 'signed', status: 'signed', endReason: null, type: 'warning' }, term]
    case 'signed': return [{ key: 'active', status: 'active', endReason: null, type: 'success' }, term]
    case 'active': return [{ key: 'expired', status: 'ended', endReason: 'expired', type: 'info' }, term]
    default: return []
  }
}

function blank(kind = 'training_base', department: number | null = null): CarrierForm {
  return {
    kind, name: '', department_id: department, status: 'negotiating', signed_on: null, valid_from: null, valid_to: null,
    plaque_no: '', plaque_date: null, capacity: null, on_campus: null, base_nature: null, productive: null,
    virtual_sim: null, workstations: null, remark: '', partners: []
  }
}

export function useCarrierList() {
  return useList<Carrier>(listCarriers, { kind: 'training_base', q: '', status: '', department_id: '', expiring: '', sort: 'id' })
}

/**
 * The add/edit dialog and delete, used by the list and by the detail page:
 * after a save or a reload, afterSave gets the record (null after a delete).
 */
export function useCarrierDialog(afterSave: (c: Carrier | null) => void, afterDelete?: (deleted: boolean) => void) {
  const { t } = useI18n()
  const user = useUserStore()
  const ownDepartment = computed(() => (user.role === 'staff' ? user.user?.department_id ?? null : null))
  const partnersBody = (list: { enterprise_id: number | null; lead: boolean }[] | null | undefined) =>
    (list || []).map((x) => ({ enterprise_id: x.enterprise_id, lead: x.lead }))
  const dlg = useCrudDialog<Carrier, CarrierForm>({
    api: { get: getCarrier, create: createCarrier, update: updateCarrier, remove: deleteCarrier },
    fields: [...CARRIER_FIELDS],
    blank: () => blank('training_base', ownDepartment.value),
    toForm: (r) => ({ ...r, partners: (r.partners || []).map((p: Partner) => ({ enterprise_id: p.enterprise_id, enterprise_name: p.enterprise_name || '', lead: p.lead })) }),
    toBody: (f, editing) => {
      const p: Record<string, any> = { ...f, partners: partnersBody(f.partners) }
      if (p.kind !== 'training_base') for (const k of BASE_ONLY) p[k] = editing ? (editing as any)[k] ?? null : null
      if (p.capacity === '' || p.capacity === undefined) p.capacity = null
      if (p.workstations === '' || p.workstations === undefined) p.workstations = null
      if (!editing && !p.partners.length) delete p.partners
      return p
    },
    toCompare: (r) => ({ ...r, partners: partnersBody(r.partners) }),
    // The status moves by its own buttons (and its end reason with it).
    patchFields: CARRIER_FIELDS.filter((f) => f !== 'status'),
    titles: { add: 'carrier.add', edit: 'carrier.edit' },
    nameOf: (r) => r.name,
    after: afterSave,
    afterDelete
  })

  const rules = computed(() => ({
    kind: [required(t, t('carrier.kind'), 'change')],
    name: [required(t, t('carrier.name'))],
    valid_to: [dateOrderRule(t, () => dlg.form.valid_from)],
    partners: [{
      trigger: 'change',
      validator: (_r: unknown, v: PartnerRow[], cb: (e?: Error) => void) => {
        if (!v || v.length === 0) return cb()
        if (v.some((p) => !p.enterprise_id)) return cb(new Error(t('rules.partnerMissing')))
        if (v.filter((p) => p.lead).length !== 1) return cb(new Error(t('rules.oneLead')))
        cb()
      }
    }]
  }))

  return { ...dlg, rules, ownDepartment }
}

/** A status move with confirmation; a conflict offers to reload. */
export function useCarrierMove(reload: () => Promise<void> | void) {
  const { t } = useI18n()
  const dict = useDictStore()
  const moving = ref('')
  async function handleMove(rec: Carrier, m: Move) {
    const to = m.endReason ? `${dict.label('carrier_status', m.status)}（${dict.label('carrier_end_reason', m.endReason)}）` : dict.label('carrier_status', m.status)
    try {
      await ElMessageBox.confirm(t('carrier.moveConfirm', { name: rec.name, to }), t('carrier.moves'), {
        type: m.key === 'terminated' ? 'warning' : 'info', confirmButtonText: t(`carrier.move.${m.key}`), cancelButtonText: t('common.cancel')
      })
    } catch {
      return
    }
    moving.value = m.key
    try {
      await moveCarrier(rec.id, rec.version, m.status, m.endReason)
      ElMessage.success(t('carrier.moved', { to }))
      await reload()
    } catch (e) {
      await handleSubmitError(e, { reload })
    } finally {
      moving.value = ''
    }
  }
  return { moving, handleMove }
}
