// GET /api/v1/search (the search module's route table): the box in the top bar.
import { http } from '@/utils/request'

export interface SearchItem { id: number; name: string | null; hint: string }
export interface SearchGroup { kind: string; path: string; total: number; items: SearchItem[] }

/** The best few matches of q in every list the user may read, grouped by kind. */
export function searchAll(q: string, size = 5) {
  return http.get<{ groups: SearchGroup[] }>('/search', { q, size }, { quiet: true })
}
