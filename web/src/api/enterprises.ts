// /api/v1/enterprises (the registry module's route table: CRUD("enterprises")).
import { http } from '@/utils/request'
import { crud } from './crud'
import type { Enterprise } from './types'

export const { list: listEnterprises, get: getEnterprise, create: createEnterprise, update: updateEnterprise, remove: deleteEnterprise } = crud<Enterprise>('/enterprises')

/** The unmasked personal information (audited; school_admin only). */
export function getEnterprisePii(id: number) {
  return http.get<Record<string, string | null>>(`/enterprises/${id}/pii`)
}
