/*
 * The data dictionaries, loaded once from /api/v1/dictionaries after login.
 * Every enumeration on screen (kinds, statuses, sizes, roles) is rendered from
 * here: a coloured tag with the label in the UI language.
 */
import { defineStore } from 'pinia'
import { ref } from 'vue'
import { listDictionaries } from '@/api/dictionaries'
import type { Dictionary, DictValue } from '@/api/types'
import { currentLocale } from '@/locales'

export const useDictStore = defineStore('dict', () => {
  const dicts = ref<Record<string, Dictionary>>({})
  const loaded = ref(false)
  let pending: Promise<void> | null = null

  function load(): Promise<void> {
    if (loaded.value) return Promise.resolve()
    if (!pending) {
      pending = listDictionaries()
        .then((r) => {
          const m: Record<string, Dictionary> = {}
          for (const d of r.items) m[d.name] = d
          dicts.value = m
          loaded.value = true
        })
        .finally(() => {
          pending = null
        })
    }
    return pending
  }

  function reset() {
    dicts.value = {}
    loaded.value = false
  }

  function values(name: string): DictValue[] {
    return dicts.value[name]?.values || []
  }

  function find(name: string, value: string | null | undefined): DictValue | undefined {
    if (value === null || value === undefined) return undefined
    return values(name).find((v) => v.value === value)
  }

  function labelOf(v: DictValue): string {
    return currentLocale() === 'en' && v.label_en ? v.label_en : v.label_zh
  }

  /** The label of a value in the UI language (the raw value if unknown). */
  function label(name: string, value: string | null | undefined): string {
    const v = find(name, value)
    return v ? labelOf(v) : value ?? ''
  }

  function options(name: string) {
    return values(name).map((v) => ({ value: v.value, label: labelOf(v) }))
  }

  return { dicts, loaded, load, reset, values, find, label, labelOf, options }
})
