// /api/v1/events (the registry module's route table: CRUD("events")).
import { crud } from './crud'
import type { CjEvent } from './types'

export const { list: listEvents, get: getEvent, create: createEvent, update: updateEvent, remove: deleteEvent } = crud<CjEvent>('/events')
