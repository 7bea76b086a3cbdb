// /api/v1/outputs (src/api/routes-talent.c: CRUD("outputs")).
import { http, type Page, type Query, type RequestOptions } from '@/utils/request'
import type { Output } from './types'

export function listOutputs(params?: Query) {
  return http.get<Page<Output>>('/outputs', params)
}

export function getOutput(id: number | string) {
  return http.get<Output>(`/outputs/${id}`)
}

export function createOutput(data: Partial<Output>, opts: RequestOptions = { quiet: true }) {
  return http.post<Output>('/outputs', data, opts)
}

export function updateOutput(id: number, version: number, data: Partial<Output>, opts: RequestOptions = { quiet: true }) {
  return http.patch<Output>(`/outputs/${id}`, data, version, opts)
}

export function deleteOutput(id: number, version?: number) {
  return http.del<void>(`/outputs/${id}`, version)
}
