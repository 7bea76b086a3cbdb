// /api/v1/carriers (src/api/resources.c: CRUD("carriers")).
import { http, type Page, type Query, type RequestOptions } from '@/utils/request'
import type { Carrier } from './types'

export function listCarriers(params?: Query) {
  return http.get<Page<Carrier>>('/carriers', params)
}

export function getCarrier(id: number | string) {
  return http.get<Carrier>(`/carriers/${id}`)
}

export function createCarrier(data: Partial<Carrier>, opts: RequestOptions = { quiet: true }) {
  return http.post<Carrier>('/carriers', data, opts)
}

export function updateCarrier(id: number, version: number, data: Partial<Carrier>, opts: RequestOptions = { quiet: true }) {
  return http.patch<Carrier>(`/carriers/${id}`, data, version, opts)
}

export function deleteCarrier(id: number, version?: number) {
  return http.del<void>(`/carriers/${id}`, version)
}

/** Moves the status (negotiating → signed → active → ended; ended(terminated) from any). */
export function moveCarrier(id: number, version: number, status: string, endReason: string | null) {
  return http.patch<Carrier>(`/carriers/${id}`, { status, end_reason: endReason }, version, { quiet: true })
}
