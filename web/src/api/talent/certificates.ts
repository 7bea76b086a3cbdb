// /api/v1/certificates (the talent module's route table: CRUD("certificates")).
import { http } from '@/utils/request'
import { crud } from '../crud'
import type { Certificate } from './types'

export const { list: listCertificates, get: getCertificate, create: createCertificate, update: updateCertificate, remove: deleteCertificate } = crud<Certificate>('/certificates')

/** The holder's unmasked ID number (school_admin only; the server records every view). */
export function getCertificatePii(id: number) {
  return http.get<{ holder_id_number: string | null }>(`/certificates/${id}/pii`)
}
