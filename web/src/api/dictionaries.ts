// /api/v1/dictionaries (src/api/meta.c).
import { http } from '@/utils/request'
import type { Dictionary } from './types'

export function listDictionaries() {
  return http.get<{ items: Dictionary[] }>('/dictionaries')
}
