// /api/v1/key-projects (src/api/routes-projects.c: CRUD("key-projects"); list extra: year=).
import { http, type Page, type Query, type RequestOptions } from '@/utils/request'
import type { KeyProject } from './types'

export function listKeyProjects(params?: Query) {
  return http.get<Page<KeyProject>>('/key-projects', params)
}

export function getKeyProject(id: number | string) {
  return http.get<KeyProject>(`/key-projects/${id}`)
}

export function createKeyProject(data: Record<string, any>, opts: RequestOptions = { quiet: true }) {
  return http.post<KeyProject>('/key-projects', data, opts)
}

export function updateKeyProject(id: number, version: number, data: Record<string, any>, opts: RequestOptions = { quiet: true }) {
  return http.patch<KeyProject>(`/key-projects/${id}`, data, version, opts)
}

export function deleteKeyProject(id: number, version?: number) {
  return http.del<void>(`/key-projects/${id}`, version)
}
