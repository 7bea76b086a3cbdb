/*
 * The enterprise list page's state and handlers (RuoYi's grammar): the query,
 * the table, the add/edit dialog with its rules, delete with confirmation.
 */
import { computed } from 'vue'
import { useI18n } from 'vue-i18n'
import { createEnterprise, deleteEnterprise, getEnterprise, listEnterprises, updateEnterprise } from '@/api/enterprises'
import type { Enterprise } from '@/api/types'
import { useList } from '@/composables/useList'
import { useCrudDialog } from '@/composables/useCrudDialog'
import { industryRule, regionRule, required, usccRule } from '@/utils/validate'
import { normalizeUscc } from '@/utils/uscc'

export const ENTERPRISE_FIELDS = ['name', 'uscc', 'industry_code', 'size', 'region_code', 'address', 'contact_name', 'contact_phone', 'remark'] as const
type Field = (typeof ENTERPRISE_FIELDS)[number]
export type EnterpriseForm = Record<Field, any>

export function useEnterprise() {
  const { t } = useI18n()
  const lst = useList<Enterprise>(listEnterprises, {
    q: '',
    industry_code: '',
    // "size" is the page size of every list: the size class filters as enterprise_size.
    enterprise_size: '',
    sort: '-updated_at'
  })
  const dlg = useCrudDialog<Enterprise, EnterpriseForm>({
    api: { get: getEnterprise, create: createEnterprise, update: updateEnterprise, remove: deleteEnterprise },
    fields: [...ENTERPRISE_FIELDS],
    blank: () => ({ name: '', uscc: '', industry_code: '', size: null, region_code: '', address: '', contact_name: '', contact_phone: '', remark: '' }),
    // The phone comes masked: it is typed again to change it, left empty to keep it.
    toForm: (r) => ({ ...r, contact_phone: '' }),
    keepIfEmpty: ['contact_phone'],
    toBody: (f) => ({ ...f, uscc: normalizeUscc(f.uscc), industry_code: f.industry_code ? String(f.industry_code).trim().toUpperCase() : f.industry_code }),
    titles: { add: 'enterprise.add', edit: 'enterprise.edit' },
    nameOf: (r) => r.name,
    after: () => lst.getList()
  })
  const rules = computed(() => ({
    name: [required(t, t('enterprise.name'))],
    uscc: [usccRule(t)],
    industry_code: [industryRule(t)],
    region_code: [regionRule(t)]
  }))
  return { ...lst, ...dlg, rules }
}
