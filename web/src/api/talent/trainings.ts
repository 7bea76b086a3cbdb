// /api/v1/trainings (src/api/routes-talent.c: CRUD("trainings")).
import { http, type Page, type Query, type RequestOptions } from '@/utils/request'
import type { Training } from './types'

export function listTrainings(params?: Query) {
  return http.get<Page<Training>>('/trainings', params)
}

export function getTraining(id: number | string) {
  return http.get<Training>(`/trainings/${id}`)
}

export function createTraining(data: Partial<Training>, opts: RequestOptions = { quiet: true }) {
  return http.post<Training>('/trainings', data, opts)
}

export function updateTraining(id: number, version: number, data: Partial<Training>, opts: RequestOptions = { quiet: true }) {
  return http.patch<Training>(`/trainings/${id}`, data, version, opts)
}

export function deleteTraining(id: number, version?: number) {
  return http.del<void>(`/trainings/${id}`, version)
}
