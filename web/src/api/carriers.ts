// /api/v1/carriers (the registry module's route table: CRUD("carriers")).
import { http } from '@/utils/request'
import { crud } from './crud'
import type { Carrier } from './types'

export const { list: listCarriers, get: getCarrier, create: createCarrier, update: updateCarrier, remove: deleteCarrier } = crud<Carrier>('/carriers')

/** Moves the status (negotiating → signed → active → ended; ended(terminated) from any). */
export function moveCarrier(id: number, version: number, status: string, endReason: string | null) {
  return http.patch<Carrier>(`/carriers/${id}`, { status, end_reason: endReason }, version, { quiet: true })
}
