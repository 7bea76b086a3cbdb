// /api/v1/todo (src/api/routes-projects.c: h_todo): my overdue tasks, reports waiting for my review, my returned reports.
import { http } from '@/utils/request'
import type { Todo } from './types'

export function getTodo() {
  return http.get<Todo>('/todo')
}
