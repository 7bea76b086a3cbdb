/*
 * The state of one list page (RuoYi's grammar): the query, the rows, the
 * total, loading; getList / handleQuery / resetQuery.  Failures are shown by
 * the HTTP client and leave the previous rows in place.
 */
import { reactive, ref } from 'vue'
import { useRoute } from 'vue-router'
import type { Page, Query } from '@/utils/request'

export function useList<T>(fetcher: (q: Query) => Promise<Page<T>>, defaults: Query = {}) {
  const initial: Query = { page: 1, size: 20, ...defaults }
  const queryParams = reactive<Record<string, any>>({ ...initial })
  // A list opened with ?q=... (from the search box) starts filtered by it.
  const routeQ = useRoute()?.query.q
  if ('q' in initial && typeof routeQ === 'string') queryParams.q = routeQ
  const list = ref<T[]>([]) as { value: T[] }
  const total = ref(0)
  const loading = ref(false)

  async function getList() {
    loading.value = true
    try {
      const r = await fetcher({ ...queryParams })
      list.value = r.items
      total.value = r.total
    } catch {
      /* already shown by the client; the table keeps its rows */
    } finally {
      loading.value = false
    }
  }

  function handleQuery() {
    queryParams.page = 1
    return getList()
  }

  function resetQuery() {
    const size = queryParams.size
    for (const k of Object.keys(queryParams)) delete queryParams[k]
    Object.assign(queryParams, initial, { size })
    return getList()
  }

  return { queryParams, list, total, loading, getList, handleQuery, resetQuery }
}
