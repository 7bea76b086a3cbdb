// /api/v1/commendations (the projects module's route table: CRUD("commendations")).
import { crud } from '../crud'
import type { Commendation } from './types'

export const { list: listCommendations, get: getCommendation, create: createCommendation, update: updateCommendation, remove: deleteCommendation } = crud<Commendation>('/commendations')
