// /api/v1/placements (the talent module's route table: CRUD("placements")).
import { http, type RequestOptions } from '@/utils/request'
import { crud } from '../crud'
import type { Placement } from './types'

export const { list: listPlacements, get: getPlacement, create: createPlacement, update: updatePlacement, remove: deletePlacement } = crud<Placement>('/placements')

/** The enterprise confirms its intern or hire (enterprise_contact of that enterprise, or school_admin). */
export function confirmPlacement(id: number, opts: RequestOptions = { quiet: true }) {
  return http.post<Placement>(`/placements/${id}/confirm`, undefined, opts)
}
