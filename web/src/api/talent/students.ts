// /api/v1/students (the talent module's route table: CRUD("students")).
import { http, type Page } from '@/utils/request'
import { crud } from '../crud'
import type { Student } from './types'

export const { list: listStudents, get: getStudent, create: createStudent, update: updateStudent, remove: deleteStudent } = crud<Student>('/students')

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
