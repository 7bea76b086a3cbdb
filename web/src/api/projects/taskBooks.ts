// /api/v1/task-books (src/api/routes-projects.c: CRUD("task-books")).
import { http, type Page, type Query, type RequestOptions } from '@/utils/request'
import type { TaskBook } from './types'

export function listTaskBooks(params?: Query) {
  return http.get<Page<TaskBook>>('/task-books', params)
}

export function getTaskBook(id: number | string) {
  return http.get<TaskBook>(`/task-books/${id}`)
}

export function createTaskBook(data: Record<string, any>, opts: RequestOptions = { quiet: true }) {
  return http.post<TaskBook>('/task-books', data, opts)
}

export function updateTaskBook(id: number, version: number, data: Record<string, any>, opts: RequestOptions = { quiet: true }) {
  return http.patch<TaskBook>(`/task-books/${id}`, data, version, opts)
}

export function deleteTaskBook(id: number, version?: number) {
  return http.del<void>(`/task-books/${id}`, version)
}
