/*
 * The enterprise list page's state and handlers (RuoYi's grammar): the query,
 * the table, the add/edit dialog with its rules, delete with confirmation.
 */
import { computed, reactive, ref } from 'vue'
import { useI18n } from 'vue-i18n'
import { ElMessage, ElMessageBox, type FormInstance } from 'element-plus'
import { createEnterprise, deleteEnterprise, getEnterprise, listEnterprises, updateEnterprise } from '@/api/enterprises'
import type { Enterprise } from '@/api/types'
import { useList } from '@/composables/useList'
import { changedFields, clearFieldErrors, dropEmpty, emptyToNull, handleSubmitError } from '@/utils/form'
import { industryRule, regionRule, required, usccRule } from '@/utils/validate'
import { normalizeUscc } from '@/utils/uscc'

export const ENTERPRISE_FIELDS = ['name', 'uscc', 'industry_code', 'size', 'region_code', 'address', 'contact_name', 'contact_phone', 'remark'] as const
type Field = (typeof ENTERPRISE_FIELDS)[number]
export type EnterpriseForm = Record<Field, any>

function blank(): EnterpriseForm {
  return { name: '', uscc: '', industry_code: '', size: null, region_code: '', address: '', contact_name: '', contact_phone: '', remark: '' }
}

export function useEnterprise() {
  const { t } = useI18n()
  const { queryParams, list, total, loading, getList, handleQuery, resetQuery } = useList<Enterprise>(listEnterprises, {
    q: '',
    industry_code: '',
    // "size" is the page size of every list: the size class filters as enterprise_size.
    enterprise_size: '',
    sort: '-updated_at'
  })

  const open = ref(false)
  const submitting = ref(false)
  const editing = ref<Enterprise | null>(null)
  const form = reactive<EnterpriseForm>(blank())
  const fieldErrors = reactive<Record<string, string>>(Object.fromEntries(ENTERPRISE_FIELDS.map((f) => [f, ''])))
  const formRef = ref<{ form: FormInstance | undefined; focus: () => void }>()
  const title = computed(() => (editing.value ? t('enterprise.edit') : t('enterprise.add')))
  const rules = computed(() => ({
    name: [required(t, t('enterprise.name'))],
    uscc: [usccRule(t)],
    industry_code: [industryRule(t)],
    region_code: [regionRule(t)]
  }))

  function fill(rec: Enterprise | null) {
    Object.assign(form, blank())
    if (rec) for (const f of ENTERPRISE_FIELDS) form[f] = f === 'contact_phone' ? '' : (rec as any)[f] ?? (f === 'size' ? null : '')
    clearFieldErrors(fieldErrors)
    formRef.value?.form?.clearValidate()
  }

  function handleAdd() {
    editing.value = null
    fill(null)
    open.value = true
  }

  async function handleUpdate(row: Enterprise) {
    try {
      const rec = await getEnterprise(row.id)
      editing.value = rec
      fill(rec)
      open.value = true
    } catch {
      /* shown by the client */
    }
  }

  async function reload() {
    if (!editing.value) return
    const rec = await getEnterprise(editing.value.id)
    editing.value = rec
    fill(rec)
    getList()
  }

  function payload(): Partial<EnterpriseForm> {
    const p: EnterpriseForm = { ...form }
    p.uscc = normalizeUscc(p.uscc)
    if (p.industry_code) p.industry_code = String(p.industry_code).trim().toUpperCase()
    return p
  }

  async function submitForm(onSaved?: (e: Enterprise) => void) {
    clearFieldErrors(fieldErrors)
    const ok = await formRef.value?.form?.validate().catch(() => false)
    if (!ok) return
    submitting.value = true
    try {
      let saved: Enterprise
      if (editing.value) {
        const p = payload()
        const keys = ENTERPRISE_FIELDS.filter((f) => f !== 'contact_phone' || p.contact_phone)
        const diff = emptyToNull(changedFields(editing.value, p, keys as Field[]))
        saved = Object.keys(diff).length ? await updateEnterprise(editing.value.id, editing.value.version, diff as any) : editing.value
      } else {
        saved = await createEnterprise(dropEmpty(payload()) as any)
      }
      ElMessage.success(t('common.saved'))
      open.value = false
      getList()
      onSaved?.(saved)
    } catch (e) {
      await handleSubmitError(e, { fieldErrors, fields: [...ENTERPRISE_FIELDS], reload })
    } finally {
      submitting.value = false
    }
  }

  async function handleDelete(row: Enterprise) {
    try {
      await ElMessageBox.confirm(t('common.deleteConfirm', { name: row.name }), t('common.deleteTitle'), { type: 'warning', confirmButtonText: t('common.delete'), cancelButtonText: t('common.cancel') })
    } catch {
      return
    }
    try {
      await deleteEnterprise(row.id, row.version)
      ElMessage.success(t('common.deleted'))
    } catch {
      /* shown by the client */
    }
    getList()
  }

  return { queryParams, list, total, loading, getList, handleQuery, resetQuery, open, submitting, editing, form, fieldErrors, formRef, title, rules, handleAdd, handleUpdate, submitForm, handleDelete }
}
