// The logged-in user, the session's CSRF token and the routes the user may call.
import { defineStore } from 'pinia'
import { computed, ref } from 'vue'
import * as api from '@/api/session'
import type { Session, SessionUser } from '@/api/types'
import { setCsrfToken } from '@/utils/request'
import { canOpen, canRead, canWrite, permissionSet } from '@/utils/permission'

export const useUserStore = defineStore('user', () => {
  const user = ref<SessionUser | null>(null)
  const permissions = ref<string[]>([])
  const checked = ref(false)
  /** The password an administrator gave must be changed first (every other call answers 403). */
  const mustChange = ref(false)
  const perms = computed(() => permissionSet(permissions.value))

  const role = computed(() => user.value?.role)
  const loggedIn = computed(() => !!user.value)
  const collegeName = computed(() => user.value?.tenant?.name || '')
  const displayName = computed(() => user.value?.display_name || user.value?.username || '')

  function keep(s: Session) {
    user.value = s.user
    permissions.value = s.permissions || []
    mustChange.value = !!s.must_change_password
    setCsrfToken(s.csrf_token)
  }

  async function changePassword(oldPassword: string, newPassword: string) {
    keep(await api.changePassword({ old_password: oldPassword, new_password: newPassword }))
  }

  async function login(form: { tenant: string; username: string; password: string }) {
    const s = await api.login(form)
    keep(s)
    checked.value = true
    return s.user
  }

  /** Asks the server who we are (after a reload); false when not logged in. */
  async function restore(): Promise<boolean> {
    if (checked.value) return loggedIn.value
    try {
      keep(await api.getSession())
    } catch (e: any) {
      if (e?.status !== 401) throw e
      user.value = null
      permissions.value = []
    } finally {
      checked.value = true
    }
    return loggedIn.value
  }

  async function logout() {
    try {
      await api.logout()
    } finally {
      clear()
    }
  }

  /** Forgets the user (logout, or the server said 401). */
  function clear() {
    user.value = null
    permissions.value = []
    mustChange.value = false
    setCsrfToken('')
    checked.value = true
  }

  return {
    user,
    permissions,
    role,
    loggedIn,
    collegeName,
    displayName,
    mustChange,
    login,
    changePassword,
    restore,
    logout,
    clear,
    /** Whether the session may call a route ("METHOD /api/v1/pattern"). */
    has: (route: string) => perms.value.has(route),
    canRead: (key: string) => canRead(perms.value, key),
    canWrite: (key: string) => canWrite(perms.value, key),
    canOpen: (meta: { module?: unknown; manage?: unknown }) => canOpen(perms.value, meta)
  }
})
