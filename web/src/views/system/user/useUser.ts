// 用户管理: accounts and their roles (school_admin only).  A password is sent
// only when typed; an enterprise contact must name their enterprise.
import { computed } from 'vue'
import { useI18n } from 'vue-i18n'
import { createUser, deleteUser, getUser, listUsers, updateUser } from '@/api/users'
import type { User } from '@/api/types'
import { useList } from '@/composables/useList'
import { useCrudDialog } from '@/composables/useCrudDialog'
import { passwordRule, required, usernameRule } from '@/utils/validate'

export type UserForm = { username: string; display_name: string; role: string; department_id: number | null; enterprise_id: number | null; active: boolean; password: string }

export function useUser() {
  const { t } = useI18n()
  const lst = useList<User>(listUsers, { q: '', role: '', sort: 'username' })
  const dlg = useCrudDialog<User, UserForm>({
    api: { get: getUser, create: createUser, update: updateUser, remove: deleteUser },
    fields: ['username', 'display_name', 'role', 'department_id', 'enterprise_id', 'active', 'password'],
    blank: () => ({ username: '', display_name: '', role: 'staff', department_id: null, enterprise_id: null, active: true, password: '' }),
    toForm: (r) => ({ ...r, password: '' }),
    toBody: (f) => ({ ...f, enterprise_id: f.role === 'enterprise_contact' ? f.enterprise_id : null }),
    keepIfEmpty: ['password'],
    titles: { add: 'user.add', edit: 'user.edit' },
    nameOf: (r) => r.username,
    after: () => lst.getList()
  })
  const rules = computed(() => ({
    username: [required(t, t('user.username')), usernameRule(t)],
    role: [required(t, t('user.role'), 'change')],
    password: [passwordRule(t, () => !dlg.editing.value)],
    enterprise_id: [{
      trigger: 'change',
      validator: (_r: unknown, v: number | null, cb: (e?: Error) => void) =>
        dlg.form.role === 'enterprise_contact' && !v ? cb(new Error(t('rules.required', { label: t('user.enterprise') }))) : cb()
    }]
  }))
  return { ...lst, ...dlg, rules }
}
