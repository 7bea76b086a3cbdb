// /api/v1/users (src/api/resources.c: CRUD("users")).
import { http, type Page, type Query, type RequestOptions } from '@/utils/request'
import type { User } from './types'

export function listUsers(params?: Query) {
  return http.get<Page<User>>('/users', params)
}

export function getUser(id: number | string) {
  return http.get<User>(`/users/${id}`)
}

export function createUser(data: Partial<User>, opts: RequestOptions = { quiet: true }) {
  return http.post<User>('/users', data, opts)
}

export function updateUser(id: number, version: number, data: Partial<User>, opts: RequestOptions = { quiet: true }) {
  return http.patch<User>(`/users/${id}`, data, version, opts)
}

export function deleteUser(id: number, version?: number) {
  return http.del<void>(`/users/${id}`, version)
}
