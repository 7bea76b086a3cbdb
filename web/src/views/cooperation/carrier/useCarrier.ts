/*
 * The carrier pages' state and handlers: the list (tabs by kind, search,
 * pagination), the add/edit dialog with its partners, delete, and the status
 * moves (negotiating → signed → active → ended(expired); ended(terminated)
 * from any state that has not ended).
 */
import { computed, reactive, ref } from 'vue'
import { useI18n } from 'vue-i18n'
import { ElMessage, ElMessageBox, type FormInstance } from 'element-plus'
import { createCarrier, deleteCarrier, getCarrier, listCarriers, moveCarrier, updateCarrier } from '@/api/carriers'
import type { Carrier, Partner } from '@/api/types'
import { useList } from '@/composables/useList'
import { useUserStore } from '@/stores/user'
import { useDictStore } from '@/stores/dict'
import { changedFields, clearFieldErrors, dropEmpty, emptyToNull, handleSubmitError } from '@/utils/form'
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

/** The add/edit dialog, used by the list and by the detail page. */
export function useCarrierDialog(afterSave: (c: Carrier) => void) {
  const { t } = useI18n()
  const user = useUserStore()
  const open = ref(false)
  const submitting = ref(false)
  const editing = ref<Carrier | null>(null)
  const form = reactive<CarrierForm>(blank())
  const fieldErrors = reactive<Record<string, string>>(Object.fromEntries(CARRIER_FIELDS.map((f) => [f, ''])))
  const formRef = ref<{ form: FormInstance | undefined; focus: () => void }>()
  const title = computed(() => (editing.value ? t('carrier.edit') : t('carrier.add')))
  const ownDepartment = computed(() => (user.role === 'staff' ? user.user?.department_id ?? null : null))

  const rules = computed(() => ({
    kind: [required(t, t('carrier.kind'), 'change')],
    name: [required(t, t('carrier.name'))],
    valid_to: [dateOrderRule(t, () => form.valid_from)],
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

  function fill(rec: Carrier | null, kind?: string) {
    Object.assign(form, blank(kind || 'training_base', ownDepartment.value))
    if (rec) {
      for (const f of CARRIER_FIELDS) if (f !== 'partners') (form as any)[f] = (rec as any)[f] ?? (typeof (form as any)[f] === 'string' ? '' : null)
      form.partners = (rec.partners || []).map((p) => ({ enterprise_id: p.enterprise_id, enterprise_name: p.enterprise_name || '', lead: p.lead }))
    }
    clearFieldErrors(fieldErrors)
    formRef.value?.form?.clearValidate()
  }

  function handleAdd(kind?: string, preset?: Partial<CarrierForm>) {
    editing.value = null
    fill(null, kind)
    if (preset) Object.assign(form, preset)
    open.value = true
  }

  async function handleUpdate(row: Carrier) {
    try {
      const rec = await getCarrier(row.id)
      editing.value = rec
      fill(rec)
      open.value = true
    } catch {
      /* shown by the client */
    }
  }

  async function reload() {
    if (!editing.value) return
    const rec = await getCarrier(editing.value.id)
    editing.value = rec
    fill(rec)
    afterSave(rec)
  }

  function payload(): Record<string, any> {
    const p: Record<string, any> = { ...form }
    p.partners = form.partners.map((x) => ({ enterprise_id: x.enterprise_id, lead: x.lead }))
    if (p.kind !== 'training_base') for (const f of BASE_ONLY) p[f] = editing.value ? (editing.value as any)[f] ?? null : null
    if (p.capacity === '' || p.capacity === undefined) p.capacity = null
    if (p.workstations === '' || p.workstations === undefined) p.workstations = null
    return p
  }

  async function submitForm() {
    clearFieldErrors(fieldErrors)
    const ok = await formRef.value?.form?.validate().catch(() => false)
    if (!ok) return
    submitting.value = true
    try {
      let saved: Carrier
      const p = payload()
      if (editing.value) {
        const old = { ...editing.value, partners: (editing.value.partners || []).map((x: Partner) => ({ enterprise_id: x.enterprise_id, lead: x.lead })) }
        // The status moves by its own buttons (and its end reason with it).
        const keys = CARRIER_FIELDS.filter((f) => f !== 'status')
        const diff = emptyToNull(changedFields(old, p, keys as any))
        saved = Object.keys(diff).length ? await updateCarrier(editing.value.id, editing.value.version, diff as any) : editing.value
      } else {
        const body = dropEmpty(p)
        if (!p.partners.length) delete (body as any).partners
        saved = await createCarrier(body as any)
      }
      ElMessage.success(t('common.saved'))
      open.value = false
      afterSave(saved)
    } catch (e) {
      await handleSubmitError(e, { fieldErrors, fields: [...CARRIER_FIELDS], reload })
    } finally {
      submitting.value = false
    }
  }

  return { open, submitting, editing, form, fieldErrors, formRef, title, rules, ownDepartment, handleAdd, handleUpdate, submitForm }
}

/** Delete with confirmation. */
export function useCarrierDelete(after: () => void) {
  const { t } = useI18n()
  return async function handleDelete(row: Carrier) {
    try {
      await ElMessageBox.confirm(t('common.deleteConfirm', { name: row.name }), t('common.deleteTitle'), { type: 'warning', confirmButtonText: t('common.delete'), cancelButtonText: t('common.cancel') })
    } catch {
      return false
    }
    try {
      await deleteCarrier(row.id, row.version)
      ElMessage.success(t('common.deleted'))
      after()
      return true
    } catch {
      after()
      return false
    }
  }
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
