// /api/v1/placements (src/api/routes-talent.c: CRUD("placements")).
import { http, type Page, type Query, type RequestOptions } from '@/utils/request'
import type { Placement } from './types'

export function listPlacements(params?: Query) {
  return http.get<Page<Placement>>('/placements', params)
}

export function getPlacement(id: number | string) {
  return http.get<Placement>(`/placements/${id}`)
}

export function createPlacement(data: Partial<Placement>, opts: RequestOptions = { quiet: true }) {
  return http.post<Placement>('/placements', data, opts)
}

export function updatePlacement(id: number, version: number, data: Partial<Placement>, opts: RequestOptions = { quiet: true }) {
  return http.patch<Placement>(`/placements/${id}`, data, version, opts)
}

export function deletePlacement(id: number, version?: number) {
  return http.del<void>(`/placements/${id}`, version)
}

/** The enterprise confirms its intern or hire (enterprise_contact of that enterprise, or school_admin). */
export function confirmPlacement(id: number, opts: RequestOptions = { quiet: true }) {
  return http.post<Placement>(`/placements/${id}/confirm`, undefined, opts)
}
