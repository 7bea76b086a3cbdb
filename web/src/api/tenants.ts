// /api/v1/tenants (src/api/resources.c: CRUD("tenants"); platform_admin only).
import { http, type Page, type Query, type RequestOptions } from '@/utils/request'
import type { TenantRecord } from './types'

export function listTenants(params?: Query) {
  return http.get<Page<TenantRecord>>('/tenants', params)
}

export function getTenant(id: number | string) {
  return http.get<TenantRecord>(`/tenants/${id}`)
}

export function createTenant(data: Partial<TenantRecord> & { admin_username?: string; admin_password?: string }, opts: RequestOptions = { quiet: true }) {
  return http.post<TenantRecord>('/tenants', data, opts)
}

export function updateTenant(id: number, version: number, data: Partial<TenantRecord>, opts: RequestOptions = { quiet: true }) {
  return http.patch<TenantRecord>(`/tenants/${id}`, data, version, opts)
}

export function deleteTenant(id: number, version?: number) {
  return http.del<void>(`/tenants/${id}`, version)
}
