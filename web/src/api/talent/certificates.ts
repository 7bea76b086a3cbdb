// /api/v1/certificates (src/api/routes-talent.c: CRUD("certificates")).
import { http, type Page, type Query, type RequestOptions } from '@/utils/request'
import type { Certificate } from './types'

export function listCertificates(params?: Query) {
  return http.get<Page<Certificate>>('/certificates', params)
}

export function getCertificate(id: number | string) {
  return http.get<Certificate>(`/certificates/${id}`)
}

export function createCertificate(data: Partial<Certificate>, opts: RequestOptions = { quiet: true }) {
  return http.post<Certificate>('/certificates', data, opts)
}

export function updateCertificate(id: number, version: number, data: Partial<Certificate>, opts: RequestOptions = { quiet: true }) {
  return http.patch<Certificate>(`/certificates/${id}`, data, version, opts)
}

export function deleteCertificate(id: number, version?: number) {
  return http.del<void>(`/certificates/${id}`, version)
}

/** The holder's unmasked ID number (school_admin only; the server records every view). */
export function getCertificatePii(id: number) {
  return http.get<{ holder_id_number: string | null }>(`/certificates/${id}/pii`)
}
