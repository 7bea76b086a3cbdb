// /api/v1/trainings (the talent module's route table: CRUD("trainings")).
import { crud } from '../crud'
import type { Training } from './types'

export const { list: listTrainings, get: getTraining, create: createTraining, update: updateTraining, remove: deleteTraining } = crud<Training>('/trainings')
