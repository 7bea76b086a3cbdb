/*
 * The number of records of each kind, for the badges of KindTabs: one
 * size-1 list request per kind; a kind whose count fails shows no badge.
 */
import { reactive } from 'vue'
import type { Page } from '@/utils/request'

export function useKindCounts(kinds: string[], count: (kind: string) => Promise<Page<unknown>>) {
  const counts = reactive<Record<string, number | null>>({})
  async function loadCounts() {
    await Promise.all(
      kinds.map(async (k) => {
        try {
          counts[k] = (await count(k)).total
        } catch {
          counts[k] = null
        }
      })
    )
  }
  return { counts, loadCounts }
}
