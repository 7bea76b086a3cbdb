// /api/v1/evaluations (the projects module's route table: CRUD("evaluations")).
import { crud } from '../crud'
import type { Evaluation } from './types'

export const { list: listEvaluations, get: getEvaluation, create: createEvaluation, update: updateEvaluation, remove: deleteEvaluation } = crud<Evaluation>('/evaluations')
