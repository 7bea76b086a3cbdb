// /api/v1/indicators (the projects module's route table: CRUD("indicators"); list extras: task_book_id=, project_id=).
import { crud } from '../crud'
import type { Indicator } from './types'

export const { list: listIndicators, get: getIndicator, create: createIndicator, update: updateIndicator, remove: deleteIndicator } = crud<Indicator>('/indicators')
