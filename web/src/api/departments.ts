// /api/v1/departments (src/api/resources.c: CRUD("departments")).
import { http, type Page, type Query, type RequestOptions } from '@/utils/request'
import type { Department } from './types'

export function listDepartments(params?: Query) {
  return http.get<Page<Department>>('/departments', params)
}

export function getDepartment(id: number | string) {
  return http.get<Department>(`/departments/${id}`)
}

export function createDepartment(data: Partial<Department>, opts: RequestOptions = { quiet: true }) {
  return http.post<Department>('/departments', data, opts)
}

export function updateDepartment(id: number, version: number, data: Partial<Department>, opts: RequestOptions = { quiet: true }) {
  return http.patch<Department>(`/departments/${id}`, data, version, opts)
}

export function deleteDepartment(id: number, version?: number) {
  return http.del<void>(`/departments/${id}`, version)
}
