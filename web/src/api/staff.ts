// /api/v1/staff (the registry module's route table: CRUD("staff")).
import { http } from '@/utils/request'
import { crud } from './crud'
import type { Staff } from './types'

export const { list: listStaff, get: getStaff, create: createStaff, update: updateStaff, remove: deleteStaff } = crud<Staff>('/staff')

/** The unmasked personal information (audited; school_admin only). */
export function getStaffPii(id: number) {
  return http.get<Record<string, string | null>>(`/staff/${id}/pii`)
}
