// /api/v1/staff (src/api/resources.c: CRUD("staff")).
import { http, type Page, type Query, type RequestOptions } from '@/utils/request'
import type { Staff } from './types'

export function listStaff(params?: Query) {
  return http.get<Page<Staff>>('/staff', params)
}

export function getStaff(id: number | string) {
  return http.get<Staff>(`/staff/${id}`)
}

export function createStaff(data: Partial<Staff>, opts: RequestOptions = { quiet: true }) {
  return http.post<Staff>('/staff', data, opts)
}

export function updateStaff(id: number, version: number, data: Partial<Staff>, opts: RequestOptions = { quiet: true }) {
  return http.patch<Staff>(`/staff/${id}`, data, version, opts)
}

export function deleteStaff(id: number, version?: number) {
  return http.del<void>(`/staff/${id}`, version)
}

/** The unmasked personal information (audited; school_admin only). */
export function getStaffPii(id: number) {
  return http.get<Record<string, string | null>>(`/staff/${id}/pii`)
}
