// /api/v1/students (src/api/routes-talent.c: CRUD("students")).
import { http, type Page, type Query, type RequestOptions } from '@/utils/request'
import type { Student } from './types'

export function listStudents(params?: Query) {
  return http.get<Page<Student>>('/students', params)
}

export function getStudent(id: number | string) {
  return http.get<Student>(`/students/${id}`)
}

export function createStudent(data: Partial<Student>, opts: RequestOptions = { quiet: true }) {
  return http.post<Student>('/students', data, opts)
}

export function updateStudent(id: number, version: number, data: Partial<Student>, opts: RequestOptions = { quiet: true }) {
  return http.patch<Student>(`/students/${id}`, data, version, opts)
}

export function deleteStudent(id: number, version?: number) {
  return http.del<void>(`/students/${id}`, version)
}

/**
 * Exact search by resident ID number.  The number goes in the POST body and
 * never in a URL (URLs end up in logs and the browser history).
 */
export function searchStudentsByIdNumber(idNumber: string) {
  return http.post<Page<Student>>('/students/search', { id_number: idNumber })
}

/** The unmasked ID number and phone (school_admin only; the server records every view). */
export function getStudentPii(id: number) {
  return http.get<{ id_number: string | null; phone: string | null }>(`/students/${id}/pii`)
}
