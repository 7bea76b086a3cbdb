// /api/v1/outputs (the talent module's route table: CRUD("outputs")).
import { crud } from '../crud'
import type { Output } from './types'

export const { list: listOutputs, get: getOutput, create: createOutput, update: updateOutput, remove: deleteOutput } = crud<Output>('/outputs')
