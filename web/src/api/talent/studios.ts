// /api/v1/studios (src/api/routes-talent.c: CRUD("studios")).
import { http, type Page, type Query, type RequestOptions } from '@/utils/request'
import type { Studio } from './types'

export function listStudios(params?: Query) {
  return http.get<Page<Studio>>('/studios', params)
}

export function getStudio(id: number | string) {
  return http.get<Studio>(`/studios/${id}`)
}

export function createStudio(data: Partial<Studio>, opts: RequestOptions = { quiet: true }) {
  return http.post<Studio>('/studios', data, opts)
}

export function updateStudio(id: number, version: number, data: Partial<Studio>, opts: RequestOptions = { quiet: true }) {
  return http.patch<Studio>(`/studios/${id}`, data, version, opts)
}

export function deleteStudio(id: number, version?: number) {
  return http.del<void>(`/studios/${id}`, version)
}
