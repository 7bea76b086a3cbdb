// 教职工管理: the list and the dialog (school_admin only).  The phone is personal
// information: the server returns it masked, so it is sent only when typed anew.
import { computed } from 'vue'
import { useI18n } from 'vue-i18n'
import { createStaff, deleteStaff, getStaff, listStaff, updateStaff } from '@/api/staff'
import type { Staff } from '@/api/types'
import { useList } from '@/composables/useList'
import { useCrudDialog } from '@/composables/useCrudDialog'
import { required } from '@/utils/validate'

export function useStaff() {
  const { t } = useI18n()
  const lst = useList<Staff>(listStaff, { q: '', department_id: '', sort: 'employee_no' })
  const dlg = useCrudDialog<Staff, { name: string; employee_no: string; department_id: number | null; title: string; phone: string }>({
    api: { get: getStaff, create: createStaff, update: updateStaff, remove: deleteStaff },
    fields: ['name', 'employee_no', 'department_id', 'title', 'phone'],
    blank: () => ({ name: '', employee_no: '', department_id: null, title: '', phone: '' }),
    toForm: (r) => ({ ...r, phone: '' }),
    keepIfEmpty: ['phone'],
    titles: { add: 'staff.add', edit: 'staff.edit' },
    nameOf: (r) => r.name,
    after: () => lst.getList()
  })
  const rules = computed(() => ({ name: [required(t, t('staff.name'))] }))
  return { ...lst, ...dlg, rules }
}
