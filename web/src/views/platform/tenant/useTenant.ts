// 院校管理 (platform_admin): the colleges (tenants) and, on creation, their first administrator.
import { computed } from 'vue'
import { useI18n } from 'vue-i18n'
import { createTenant, deleteTenant, getTenant, listTenants, updateTenant } from '@/api/tenants'
import type { TenantRecord } from '@/api/types'
import { useList } from '@/composables/useList'
import { useCrudDialog } from '@/composables/useCrudDialog'
import { passwordRule, regionRule, required, usernameRule } from '@/utils/validate'

export type TenantForm = { code: string; name: string; kind: string | null; region_code: string; admin_username: string; admin_password: string }

export function useTenant() {
  const { t } = useI18n()
  const lst = useList<TenantRecord>(listTenants, { q: '', kind: '', sort: 'code' })
  const dlg = useCrudDialog<TenantRecord, TenantForm>({
    api: { get: getTenant, create: createTenant, update: updateTenant, remove: deleteTenant },
    fields: ['code', 'name', 'kind', 'region_code', 'admin_username', 'admin_password'],
    blank: () => ({ code: '', name: '', kind: 'technician_college', region_code: '', admin_username: 'admin', admin_password: '' }),
    toForm: (r) => ({ ...r, admin_username: '', admin_password: '' }),
    // The code is fixed and the administrator is made once, on creation.
    toBody: (f, editing) => (editing ? { name: f.name, kind: f.kind, region_code: f.region_code } : { ...f }),
    keepIfEmpty: ['admin_username', 'admin_password'],
    titles: { add: 'tenant.add', edit: 'tenant.edit' },
    nameOf: (r) => r.name,
    after: () => lst.getList()
  })
  const creating = () => !dlg.editing.value
  const rules = computed(() => ({
    code: [required(t, t('tenant.code'))],
    name: [required(t, t('tenant.name'))],
    kind: [required(t, t('tenant.kind'), 'change')],
    region_code: [required(t, t('tenant.region')), regionRule(t)],
    admin_username: [usernameRule(t)],
    admin_password: [passwordRule(t, () => creating() && !!dlg.form.admin_username)]
  }))
  return { ...lst, ...dlg, rules }
}
