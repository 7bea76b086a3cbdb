/*
 * What the talent pages share: the kinds in tab order, money and people as
 * text, and who may change which row (staff write only their own
 * department's records; the server checks each one again).
 */
import { computed } from 'vue'
import { useUserStore } from '@/stores/user'
import type { Person } from '@/api/talent/types'

export const STUDIO_KINDS = ['master_studio', 'teacher_studio', 'patent_team', 'service_team']
export const OUTPUT_KINDS = ['patent', 'tech_service', 'competition', 'standard', 'textbook']
export const PLACEMENT_KINDS = ['cognition', 'post', 'employment']

/** Yuan as "¥380,000" (the API keeps whole yuan). */
export function formatYuan(v: number | null | undefined): string {
  if (v === null || v === undefined) return ''
  return `¥${Number(v).toLocaleString('zh-CN')}`
}

export function formatNumber(v: number | null | undefined): string {
  if (v === null || v === undefined) return ''
  return Number(v).toLocaleString('zh-CN')
}

export function peopleNames(list: Person[] | null | undefined, sep = '、'): string {
  return (list || []).map((p) => p.name).filter(Boolean).join(sep)
}

/** A date range "2024-03-01 至 2024-06-30", open ends as "…". */
export function dateRange(from: string | null | undefined, to: string | null | undefined, word: string): string {
  if (!from && !to) return ''
  return `${from || '…'} ${word} ${to || '…'}`
}

/** The people of a form as the API takes them: {staff_id} or {name}; the original when unchanged (so no PATCH). */
export function peopleBody(list: Person[], original?: Person[] | null): any[] {
  const body = list.map((p) => (p.staff_id ? { staff_id: p.staff_id } : { name: p.name }))
  if (original) {
    const orig = original.map((p) => (p.staff_id ? { staff_id: p.staff_id } : { name: p.name }))
    if (JSON.stringify(orig) === JSON.stringify(body)) return original
  }
  return body
}

/** Write permission on a module, and per row for staff (their own department only). */
export function useWriteScope(module: string) {
  const user = useUserStore()
  const canWrite = computed(() => user.canWrite(module))
  const ownDepartment = computed(() => (user.role === 'staff' ? user.user?.department_id ?? null : null))
  const showDepartments = computed(() => user.canRead('departmentNames'))
  function canEditRow(row: { department_id?: number | null } | null | undefined): boolean {
    if (!row || !canWrite.value) return false
    return user.role !== 'staff' || (!!row.department_id && row.department_id === user.user?.department_id)
  }
  return { user, canWrite, ownDepartment, showDepartments, canEditRow }
}
