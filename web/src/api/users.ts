// /api/v1/users (the registry module's route table: CRUD("users")).
import { crud } from './crud'
import type { User } from './types'

export const { list: listUsers, get: getUser, create: createUser, update: updateUser, remove: deleteUser } = crud<User>('/users')
