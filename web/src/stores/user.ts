// The logged-in user and the session's CSRF token.
import { defineStore } from 'pinia'
import { computed, ref } from 'vue'
import * as api from '@/api/session'
import type { SessionUser } from '@/api/types'
import { setCsrfToken } from '@/utils/request'
import { canRead, canWrite } from '@/utils/permission'

export const useUserStore = defineStore('user', () => {
  const user = ref<SessionUser | null>(null)
  const checked = ref(false)

  const role = computed(() => user.value?.role)
  const loggedIn = computed(() => !!user.value)
  const collegeName = computed(() => user.value?.tenant?.name || '')
  const displayName = computed(() => user.value?.display_name || user.value?.username || '')

  async function login(form: { tenant: string; username: string; password: string }) {
    const s = await api.login(form)
    user.value = s.user
    setCsrfToken(s.csrf_token)
    checked.value = true
    return s.user
  }

  /** Asks the server who we are (after a reload); false when not logged in. */
  async function restore(): Promise<boolean> {
    if (checked.value) return loggedIn.value
    try {
      const s = await api.getSession()
      user.value = s.user
      setCsrfToken(s.csrf_token)
    } catch (e: any) {
      if (e?.status !== 401) throw e
      user.value = null
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
    setCsrfToken('')
    checked.value = true
  }

  return {
    user,
    role,
    loggedIn,
    collegeName,
    displayName,
    login,
    restore,
    logout,
    clear,
    canRead: (m: string) => canRead(role.value, m),
    canWrite: (m: string) => canWrite(role.value, m)
  }
})
