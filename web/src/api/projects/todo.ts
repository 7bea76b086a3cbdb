// /api/v1/todo (the projects module's route table: h_todo): my overdue tasks, reports waiting for my review, my returned reports.
import { http } from '@/utils/request'
import type { Todo } from './types'

export function getTodo() {
  return http.get<Todo>('/todo')
}
