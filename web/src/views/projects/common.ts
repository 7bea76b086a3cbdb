/*
 * What the key-projects pages share: paging through a whole list (a task
 * book's tasks), the year that has data, the projects for the selects, who
 * may change a task or report on it (staff: the tasks their department leads
 * and the tasks they own; the server checks each one again).
 */
import { computed, ref } from 'vue'
import type { Page, Query } from '@/utils/request'
import { listKeyProjects } from '@/api/projects/keyProjects'
import { listTaskBooks } from '@/api/projects/taskBooks'
import { listTasks } from '@/api/projects/tasks'
import type { KeyProject, Task } from '@/api/projects/types'
import { useUserStore } from '@/stores/user'
import { defaultYear } from '@/utils/projects/rules'

/** Every row of a list, 200 (the server's largest page) at a time. */
export async function listAll<T>(fetch: (q: Query) => Promise<Page<T>>, params: Query = {}): Promise<T[]> {
  const out: T[] = []
  for (let page = 1; page <= 50; page++) {
    const r = await fetch({ ...params, page, size: 200 })
    out.push(...r.items)
    if (out.length >= r.total || r.items.length === 0) break
  }
  return out
}

/** The latest year that has a task book (the demo's are for 2023), else this year. */
export async function latestYear(): Promise<number> {
  try {
    const r = await listTaskBooks({ sort: '-year', size: 1 })
    return defaultYear(r.items.map((b) => b.year))
  } catch {
    return defaultYear([])
  }
}

/** The years a year select offers: the projects' periods around the year that has data. */
export function yearOptions(around: number): number[] {
  const out: number[] = []
  for (let y = around + 2; y >= around - 5; y--) out.push(y)
  return out
}

/** The projects (for the selects), loaded once per page. */
export function useProjectOptions() {
  const projects = ref<KeyProject[]>([])
  async function loadProjects() {
    try {
      projects.value = await listAll(listKeyProjects, { sort: 'name' })
    } catch {
      /* shown by the client */
    }
  }
  return { projects, loadProjects }
}

/** Who may change and report on which task. */
export function useTaskScope() {
  const user = useUserStore()
  /** The ids of the tasks the user owns (tasks?mine=true), for the staff's report button. */
  const mine = ref<Set<number>>(new Set())
  const canWriteTasks = computed(() => user.canWrite('tasks'))
  const ownDepartment = computed(() => (user.role === 'staff' ? user.user?.department_id ?? null : null))

  async function loadMine(params: Query = {}) {
    if (!user.canWrite('progressReports')) return
    try {
      mine.value = new Set((await listAll(listTasks, { ...params, mine: true })).map((t) => t.id))
    } catch {
      /* shown by the client */
    }
  }

  /** Staff change only the tasks their department leads. */
  function canEditTask(t: Pick<Task, 'lead_department_id'> | null | undefined): boolean {
    if (!t || !canWriteTasks.value) return false
    return user.role !== 'staff' || (!!t.lead_department_id && t.lead_department_id === user.user?.department_id)
  }

  /** The owner (or an administrator) reports on a task that is not cancelled. */
  function canReport(t: Pick<Task, 'id' | 'status'> | null | undefined): boolean {
    if (!t || !user.canWrite('progressReports') || t.status === 'cancelled') return false
    return user.role === 'school_admin' || mine.value.has(t.id)
  }

  return { user, mine, canWriteTasks, ownDepartment, loadMine, canEditTask, canReport }
}
