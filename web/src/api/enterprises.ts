// /api/v1/enterprises (src/api/resources.c: CRUD("enterprises")).
import { http, type Page, type Query, type RequestOptions } from '@/utils/request'
import type { Enterprise } from './types'

export function listEnterprises(params?: Query) {
  return http.get<Page<Enterprise>>('/enterprises', params)
}

export function getEnterprise(id: number | string) {
  return http.get<Enterprise>(`/enterprises/${id}`)
}

export function createEnterprise(data: Partial<Enterprise>, opts: RequestOptions = { quiet: true }) {
  return http.post<Enterprise>('/enterprises', data, opts)
}

export function updateEnterprise(id: number, version: number, data: Partial<Enterprise>, opts: RequestOptions = { quiet: true }) {
  return http.patch<Enterprise>(`/enterprises/${id}`, data, version, opts)
}

export function deleteEnterprise(id: number, version?: number) {
  return http.del<void>(`/enterprises/${id}`, version)
}

/** The unmasked personal information (audited; school_admin only). */
export function getEnterprisePii(id: number) {
  return http.get<Record<string, string | null>>(`/enterprises/${id}/pii`)
}
