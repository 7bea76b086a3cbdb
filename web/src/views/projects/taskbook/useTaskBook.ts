/*
 * The task-book pages' state and handlers: the list (project, year), the
 * add/edit dialog (one book per project and year, within the project's
 * period, issued at an event), delete with confirmation.
 */
import { computed } from 'vue'
import { useI18n } from 'vue-i18n'
import { createTaskBook, deleteTaskBook, getTaskBook, listTaskBooks, updateTaskBook } from '@/api/projects/taskBooks'
import type { TaskBook } from '@/api/projects/types'
import { useList } from '@/composables/useList'
import { useCrudDialog } from '@/composables/useCrudDialog'
import { required } from '@/utils/validate'

export const TASK_BOOK_FIELDS = ['project_id', 'year', 'title', 'issue_date', 'event_id', 'remark'] as const
export type TaskBookForm = { project_id: number | null; year: number | null; title: string; issue_date: string | null; event_id: number | null; remark: string }

export function useTaskBookList() {
  return useList<TaskBook>(listTaskBooks, { project_id: '', year: null, sort: '-year' })
}

export function useTaskBookDialog(after: () => void) {
  const { t } = useI18n()
  const dlg = useCrudDialog<TaskBook, TaskBookForm>({
    api: { get: getTaskBook, create: createTaskBook, update: updateTaskBook, remove: deleteTaskBook },
    fields: [...TASK_BOOK_FIELDS],
    blank: () => ({ project_id: null, year: null, title: '', issue_date: null, event_id: null, remark: '' }),
    // The project is fixed once the book exists (the server refuses a change).
    toBody: (f, editing) => (editing ? { ...f, project_id: editing.project_id } : { ...f }),
    titles: { add: 'projects.taskBook.add', edit: 'projects.taskBook.edit' },
    nameOf: (r) => r.title,
    after
  })
  const rules = computed(() => ({
    project_id: [required(t, t('projects.taskBook.project'), 'change')],
    year: [required(t, t('projects.taskBook.year'), 'change')]
  }))
  /** Add with a preset project (from the project page). */
  function handleAddFor(projectId: number | null, year?: number | null) {
    dlg.handleAdd()
    dlg.form.project_id = projectId
    if (year) dlg.form.year = year
  }
  return { ...dlg, rules, handleAddFor }
}
