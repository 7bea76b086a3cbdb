// /api/v1/specialties (the talent module's route table: CJ_CRUD("specialties")).
import { crud } from '../crud'
import type { Specialty } from './types'

export const { list: listSpecialties, get: getSpecialty, create: createSpecialty, update: updateSpecialty, remove: deleteSpecialty } = crud<Specialty>('/specialties')
