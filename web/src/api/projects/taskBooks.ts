// /api/v1/task-books (the projects module's route table: CRUD("task-books")).
import { crud } from '../crud'
import type { TaskBook } from './types'

export const { list: listTaskBooks, get: getTaskBook, create: createTaskBook, update: updateTaskBook, remove: deleteTaskBook } = crud<TaskBook>('/task-books')
