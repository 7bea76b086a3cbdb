/*
 * The state of a record's own page: the record, loading, and load() (a
 * failure is shown by the HTTP client and leaves the previous record);
 * `then` loads what hangs on the record, once it is there.
 */
import { ref, type Ref } from 'vue'

export function useRecord<T>(fetch: () => Promise<T>, then?: (rec: T) => unknown) {
  const rec = ref<T | null>(null) as Ref<T | null>
  const loading = ref(true)

  async function load() {
    loading.value = true
    try {
      rec.value = await fetch()
      await then?.(rec.value)
    } catch {
      /* shown by the client */
    } finally {
      loading.value = false
    }
  }

  return { rec, loading, load }
}
