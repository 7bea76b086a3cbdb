// /api/v1/attachments (the projects module's route table, src/api/attachments-projects.c): a multipart
// upload (field "file", at most 20 MiB, PDF/PNG/JPEG/DOCX/XLSX judged by content, 415 otherwise),
// the metadata, and the content (served as a download).
import { http, type Page, type Query, type RequestOptions } from '@/utils/request'
import type { Attachment } from './types'

export function listAttachments(params?: Query) {
  return http.get<Page<Attachment>>('/attachments', params)
}

export function getAttachment(id: number | string) {
  return http.get<Attachment>(`/attachments/${id}`)
}

export function uploadAttachment(file: File, opts: RequestOptions = { quiet: true }) {
  const fd = new FormData()
  fd.append('file', file, file.name)
  return http.post<Attachment>('/attachments', fd, opts)
}

/** The address of the file itself (a same-origin link; the session cookie goes with it). */
export function attachmentContentUrl(id: number): string {
  return `/api/v1/attachments/${id}/content`
}
