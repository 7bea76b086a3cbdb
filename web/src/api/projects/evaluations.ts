// /api/v1/evaluations (src/api/routes-projects.c: CRUD("evaluations")).
import { http, type Page, type Query, type RequestOptions } from '@/utils/request'
import type { Evaluation } from './types'

export function listEvaluations(params?: Query) {
  return http.get<Page<Evaluation>>('/evaluations', params)
}

export function getEvaluation(id: number | string) {
  return http.get<Evaluation>(`/evaluations/${id}`)
}

export function createEvaluation(data: Record<string, any>, opts: RequestOptions = { quiet: true }) {
  return http.post<Evaluation>('/evaluations', data, opts)
}

export function updateEvaluation(id: number, version: number, data: Record<string, any>, opts: RequestOptions = { quiet: true }) {
  return http.patch<Evaluation>(`/evaluations/${id}`, data, version, opts)
}

export function deleteEvaluation(id: number, version?: number) {
  return http.del<void>(`/evaluations/${id}`, version)
}
