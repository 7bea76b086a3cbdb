// Names of referenced records (departments) for tables and selects, loaded on demand.
import { defineStore } from 'pinia'
import { ref } from 'vue'
import { listDepartments } from '@/api/departments'
import type { Department } from '@/api/types'

export const useRefsStore = defineStore('refs', () => {
  const departments = ref<Department[]>([])
  const loaded = ref(false)

  async function loadDepartments(force = false) {
    if (loaded.value && !force) return
    const r = await listDepartments({ size: 200, sort: 'name' })
    departments.value = r.items
    loaded.value = true
  }

  function departmentName(id: number | null | undefined): string {
    if (!id) return ''
    // A role that may not read departments sees no name rather than a bare id.
    if (!loaded.value) return ''
    return departments.value.find((d) => d.id === id)?.name || `#${id}`
  }

  function reset() {
    departments.value = []
    loaded.value = false
  }

  return { departments, loaded, loadDepartments, departmentName, reset }
})
