// /api/v1/tasks (the projects module's route table: CRUD("tasks"); list extras: overdue=true|false,
// project_id=, year=, level=1|2, mine=true, sort=outline_order).
import { crud } from '../crud'
import type { Task } from './types'

export const { list: listTasks, get: getTask, create: createTask, update: updateTask, remove: deleteTask } = crud<Task>('/tasks')
