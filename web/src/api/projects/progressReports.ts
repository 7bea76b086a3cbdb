// /api/v1/progress-reports (src/api/routes-projects.c: CRUD("progress-reports"); list extras:
// status=, mine=true, task_book_id=, project_id=; the review by approve and return).
import { http, type Page, type Query, type RequestOptions } from '@/utils/request'
import type { ProgressReport } from './types'

export function listProgressReports(params?: Query) {
  return http.get<Page<ProgressReport>>('/progress-reports', params)
}

export function getProgressReport(id: number | string) {
  return http.get<ProgressReport>(`/progress-reports/${id}`)
}

export function createProgressReport(data: Record<string, any>, opts: RequestOptions = { quiet: true }) {
  return http.post<ProgressReport>('/progress-reports', data, opts)
}

export function updateProgressReport(id: number, version: number, data: Record<string, any>, opts: RequestOptions = { quiet: true }) {
  return http.patch<ProgressReport>(`/progress-reports/${id}`, data, version, opts)
}

export function deleteProgressReport(id: number, version?: number) {
  return http.del<void>(`/progress-reports/${id}`, version)
}

/** Approves a submitted report (school_admin; never one's own: 403). */
export function approveProgressReport(id: number, opts: RequestOptions = { quiet: true }) {
  return http.post<ProgressReport>(`/progress-reports/${id}/approve`, undefined, opts)
}

/** Returns a submitted report to its owner with a reason (required). */
export function returnProgressReport(id: number, reason: string, opts: RequestOptions = { quiet: true }) {
  return http.post<ProgressReport>(`/progress-reports/${id}/return`, { reason }, opts)
}
