// /api/v1/events (src/api/resources.c: CRUD("events")).
import { http, type Page, type Query, type RequestOptions } from '@/utils/request'
import type { CjEvent } from './types'

export function listEvents(params?: Query) {
  return http.get<Page<CjEvent>>('/events', params)
}

export function getEvent(id: number | string) {
  return http.get<CjEvent>(`/events/${id}`)
}

export function createEvent(data: Partial<CjEvent>, opts: RequestOptions = { quiet: true }) {
  return http.post<CjEvent>('/events', data, opts)
}

export function updateEvent(id: number, version: number, data: Partial<CjEvent>, opts: RequestOptions = { quiet: true }) {
  return http.patch<CjEvent>(`/events/${id}`, data, version, opts)
}

export function deleteEvent(id: number, version?: number) {
  return http.del<void>(`/events/${id}`, version)
}
