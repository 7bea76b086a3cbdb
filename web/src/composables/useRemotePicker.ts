/*
 * The state of a picker that searches the server as the user types: the
 * found records, loading, the search (a failure is shown by the HTTP client
 * and leaves the options as they were), the first search when the list
 * opens; and, for a picker of one record by id, the options with the current
 * record first (under its label until a search finds it) and the update that
 * emits the id and the picked record.
 */
import { computed, ref, type Ref } from 'vue'

export function useRemoteOptions<O>(find: (q: string) => Promise<O[]>) {
  const found = ref<O[]>([]) as Ref<O[]>
  const loading = ref(false)

  async function search(q: string) {
    loading.value = true
    try {
      found.value = await find(q)
    } catch {
      /* shown by the client */
    } finally {
      loading.value = false
    }
  }

  function onVisible(open: boolean) {
    if (open && !found.value.length) search('')
  }

  return { found, loading, search, onVisible }
}

type PickEmit = (e: 'update:modelValue' | 'pick', v: any) => void

export function useRemotePicker<O extends { id: number; name: string }>(
  props: { modelValue: number | null | undefined; label?: string | null },
  emit: PickEmit,
  find: (q: string) => Promise<O[]>,
  blank: (id: number, name: string) => O
) {
  const { found, loading, search, onVisible } = useRemoteOptions(find)
  const options = computed(() => {
    const out = [...found.value]
    const id = props.modelValue
    if (id && !out.some((o) => o.id === id)) out.unshift(blank(id, props.label || `#${id}`))
    return out
  })

  function update(v: number | null | undefined | '') {
    const id = v ? Number(v) : null
    emit('update:modelValue', id)
    const o = options.value.find((x) => x.id === id)
    emit('pick', o ? { ...o } : null)
  }

  return { options, loading, search, onVisible, update }
}
