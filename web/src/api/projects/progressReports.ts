// /api/v1/progress-reports (the projects module's route table: CRUD("progress-reports"); list extras:
// status=, mine=true, task_book_id=, project_id=; the review by approve and return).
import { http, type RequestOptions } from '@/utils/request'
import { crud } from '../crud'
import type { ProgressReport } from './types'

export const { list: listProgressReports, get: getProgressReport, create: createProgressReport, update: updateProgressReport, remove: deleteProgressReport } = crud<ProgressReport>('/progress-reports')

/** Approves a submitted report (school_admin; never one's own: 403). */
export function approveProgressReport(id: number, opts: RequestOptions = { quiet: true }) {
  return http.post<ProgressReport>(`/progress-reports/${id}/approve`, undefined, opts)
}

/** Returns a submitted report to its owner with a reason (required). */
export function returnProgressReport(id: number, reason: string, opts: RequestOptions = { quiet: true }) {
  return http.post<ProgressReport>(`/progress-reports/${id}/return`, { reason }, opts)
}
