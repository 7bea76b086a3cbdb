// /api/v1/departments (the registry module's route table: CRUD("departments")).
import { crud } from './crud'
import type { Department } from './types'

export const { list: listDepartments, get: getDepartment, create: createDepartment, update: updateDepartment, remove: deleteDepartment } = crud<Department>('/departments')
