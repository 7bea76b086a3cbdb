// /api/v1/key-projects (the projects module's route table: CRUD("key-projects"); list extra: year=).
import { crud } from '../crud'
import type { KeyProject } from './types'

export const { list: listKeyProjects, get: getKeyProject, create: createKeyProject, update: updateKeyProject, remove: deleteKeyProject } = crud<KeyProject>('/key-projects')
