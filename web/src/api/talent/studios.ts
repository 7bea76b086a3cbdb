// /api/v1/studios (the talent module's route table: CRUD("studios")).
import { crud } from '../crud'
import type { Studio } from './types'

export const { list: listStudios, get: getStudio, create: createStudio, update: updateStudio, remove: deleteStudio } = crud<Studio>('/studios')
