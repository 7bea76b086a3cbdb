// /api/v1/indicators (src/api/routes-projects.c: CRUD("indicators"); list extras: task_book_id=, project_id=).
import { http, type Page, type Query, type RequestOptions } from '@/utils/request'
import type { Indicator } from './types'

export function listIndicators(params?: Query) {
  return http.get<Page<Indicator>>('/indicators', params)
}

export function getIndicator(id: number | string) {
  return http.get<Indicator>(`/indicators/${id}`)
}

export function createIndicator(data: Record<string, any>, opts: RequestOptions = { quiet: true }) {
  return http.post<Indicator>('/indicators', data, opts)
}

export function updateIndicator(id: number, version: number, data: Record<string, any>, opts: RequestOptions = { quiet: true }) {
  return http.patch<Indicator>(`/indicators/${id}`, data, version, opts)
}

export function deleteIndicator(id: number, version?: number) {
  return http.del<void>(`/indicators/${id}`, version)
}
