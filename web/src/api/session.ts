// /api/v1/session: log in, the current user, change the password, log out (src/api/session.c).
import { http } from '@/utils/request'
import type { Session } from './types'

export function login(data: { tenant: string; username: string; password: string }) {
  return http.post<Session>('/session', data, { quiet: true, noAuthRedirect: true })
}

export function getSession() {
  return http.get<Session>('/session', undefined, { quiet: true, noAuthRedirect: true })
}

/** One's own password; the answer is the session, no longer bound to change it. */
export function changePassword(data: { old_password: string; new_password: string }) {
  return http.post<Session>('/session/password', data, { quiet: true, noAuthRedirect: true })
}

export function logout() {
  return http.del<void>('/session', undefined, { noAuthRedirect: true })
}
