// /api/v1/commendations (src/api/routes-projects.c: CRUD("commendations")).
import { http, type Page, type Query, type RequestOptions } from '@/utils/request'
import type { Commendation } from './types'

export function listCommendations(params?: Query) {
  return http.get<Page<Commendation>>('/commendations', params)
}

export function getCommendation(id: number | string) {
  return http.get<Commendation>(`/commendations/${id}`)
}

export function createCommendation(data: Record<string, any>, opts: RequestOptions = { quiet: true }) {
  return http.post<Commendation>('/commendations', data, opts)
}

export function updateCommendation(id: number, version: number, data: Record<string, any>, opts: RequestOptions = { quiet: true }) {
  return http.patch<Commendation>(`/commendations/${id}`, data, version, opts)
}

export function deleteCommendation(id: number, version?: number) {
  return http.del<void>(`/commendations/${id}`, version)
}
