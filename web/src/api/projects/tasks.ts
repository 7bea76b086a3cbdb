// /api/v1/tasks (src/api/routes-projects.c: CRUD("tasks"); list extras: overdue=true|false,
// project_id=, year=, level=1|2, mine=true, sort=outline_order).
import { http, type Page, type Query, type RequestOptions } from '@/utils/request'
import type { Task } from './types'

export function listTasks(params?: Query) {
  return http.get<Page<Task>>('/tasks', params)
}

export function getTask(id: number | string) {
  return http.get<Task>(`/tasks/${id}`)
}

export function createTask(data: Record<string, any>, opts: RequestOptions = { quiet: true }) {
  return http.post<Task>('/tasks', data, opts)
}

export function updateTask(id: number, version: number, data: Record<string, any>, opts: RequestOptions = { quiet: true }) {
  return http.patch<Task>(`/tasks/${id}`, data, version, opts)
}

export function deleteTask(id: number, version?: number) {
  return http.del<void>(`/tasks/${id}`, version)
}
