// The five routes of a CRUD resource of the server's route tables (list, get, create, update, delete), as functions.
import { http, type Page, type Query, type RequestOptions } from '@/utils/request'

export function crud<T>(path: string) {
  return {
    list: (params?: Query) => http.get<Page<T>>(path, params),
    get: (id: number | string) => http.get<T>(`${path}/${id}`),
    create: (data: Record<string, any>, opts: RequestOptions = { quiet: true }) => http.post<T>(path, data, opts),
    update: (id: number, version: number, data: Record<string, any>, opts: RequestOptions = { quiet: true }) => http.patch<T>(`${path}/${id}`, data, version, opts),
    remove: (id: number, version?: number) => http.del<void>(`${path}/${id}`, version)
  }
}
