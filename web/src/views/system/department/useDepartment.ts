// 部门管理: the list and the dialog (school_admin only).
import { computed } from 'vue'
import { useI18n } from 'vue-i18n'
import { createDepartment, deleteDepartment, getDepartment, listDepartments, updateDepartment } from '@/api/departments'
import type { Department } from '@/api/types'
import { useList } from '@/composables/useList'
import { useCrudDialog } from '@/composables/useCrudDialog'
import { useRefsStore } from '@/stores/refs'
import { required } from '@/utils/validate'

export function useDepartment() {
  const { t } = useI18n()
  const refs = useRefsStore()
  const lst = useList<Department>(listDepartments, { q: '', kind: '', sort: 'name' })
  const dlg = useCrudDialog<Department, { name: string; code: string; kind: string | null; remark: string }>({
    api: { get: getDepartment, create: createDepartment, update: updateDepartment, remove: deleteDepartment },
    fields: ['name', 'code', 'kind', 'remark'],
    blank: () => ({ name: '', code: '', kind: null, remark: '' }),
    titles: { add: 'department.add', edit: 'department.edit' },
    nameOf: (r) => r.name,
    after: () => {
      lst.getList()
      refs.loadDepartments(true).catch(() => {})
    }
  })
  const rules = computed(() => ({ name: [required(t, t('department.name'))] }))
  return { ...lst, ...dlg, rules }
}
