/*
 * A task book's tasks: the add/edit dialog of a task (its outline code under
 * its parent, checked here as the server checks it; the deadline within the
 * project's period; the lead department — a staff member's own — and the
 * participating ones; the owner) and of an indicator (target > 0), delete
 * with confirmation.
 */
import { computed, type Ref } from 'vue'
import { useI18n } from 'vue-i18n'
import { createTask, deleteTask, getTask, updateTask } from '@/api/projects/tasks'
import { createIndicator, deleteIndicator, getIndicator, updateIndicator } from '@/api/projects/indicators'
import type { Indicator, Task } from '@/api/projects/types'
import { useCrudDialog } from '@/composables/useCrudDialog'
import { required } from '@/utils/validate'
import { checkOutlineCode, nextOutlineCode, outlineParent } from '@/utils/projects/rules'

export const TASK_FIELDS = ['task_book_id', 'code', 'title', 'lead_department_id', 'participating_departments', 'owner_id', 'deadline', 'status', 'remark'] as const
export type TaskForm = {
  task_book_id: number | null; code: string; title: string; lead_department_id: number | null; participating_departments: number[]
  owner_id: number | null; deadline: string | null; status: string; remark: string
}

export interface BookContext {
  bookId: () => number | null
  /** The codes of the book's tasks (for the outline check). */
  codes: () => string[]
  /** The project's period. */
  period: () => { first: number; last: number } | null
  /** A staff member's own department (preset and fixed), or null. */
  ownDepartment: () => number | null
}

function sameIds(a: number[], b: number[]) {
  return JSON.stringify(a) === JSON.stringify(b)
}

export function useTaskDialog(ctx: BookContext, after: () => void) {
  const { t } = useI18n()
  const dlg = useCrudDialog<Task, TaskForm>({
    api: { get: getTask, create: createTask, update: updateTask, remove: deleteTask },
    fields: [...TASK_FIELDS],
    blank: () => ({
      task_book_id: ctx.bookId(), code: '', title: '', lead_department_id: ctx.ownDepartment(), participating_departments: [],
      owner_id: null, deadline: null, status: 'not_started', remark: ''
    }),
    toForm: (r) => ({ ...r, participating_departments: (r.participating_departments || []).map((d) => d.department_id) }),
    toBody: (f, editing) => {
      const ids = [...f.participating_departments]
      const orig = editing ? (editing.participating_departments || []).map((d) => d.department_id) : null
      return { ...f, participating_departments: orig && sameIds(orig, ids) ? editing!.participating_departments : ids }
    },
    titles: { add: 'projects.task.add', edit: 'projects.task.edit' },
    nameOf: (r) => `${r.code} ${r.title}`,
    after
  })
  const form = dlg.form
  const editing = dlg.editing as Ref<Task | null>
  const rules = computed(() => ({
    code: [
      required(t, t('projects.task.code')),
      {
        trigger: 'blur',
        validator: (_r: unknown, v: string, cb: (e?: Error) => void) => {
          if (!v) return cb()
          const code = v.trim()
          const err = checkOutlineCode(code, ctx.codes(), editing.value?.code)
          if (!err) return cb()
          cb(new Error(t(`projects.rules.${err === 'format' ? 'code' : err}`, { code, parent: outlineParent(code) || '' })))
        }
      }
    ],
    title: [required(t, t('projects.task.title'))],
    deadline: [{
      trigger: 'change',
      validator: (_r: unknown, v: string | null, cb: (e?: Error) => void) => {
        const p = ctx.period()
        if (!v || !p) return cb()
        const y = Number(v.slice(0, 4))
        if (y < p.first || y > p.last) return cb(new Error(t('projects.rules.period', { from: p.first, to: p.last })))
        cb()
      }
    }],
    status: [required(t, t('projects.task.status'), 'change')]
  }))

  /** A new first-level task, or a second-level one under parent, with the next free code. */
  function handleAddUnder(parent: Task | null) {
    dlg.handleAdd()
    form.code = nextOutlineCode(ctx.codes(), parent ? parent.code : null)
    if (parent) {
      form.lead_department_id = ctx.ownDepartment() ?? parent.lead_department_id
      form.owner_id = parent.owner_id
      form.deadline = parent.deadline
    }
  }
  return { ...dlg, rules, handleAddUnder }
}

export const INDICATOR_FIELDS = ['task_id', 'name', 'category', 'unit', 'baseline', 'target', 'cycle_target', 'remark'] as const
export type IndicatorForm = {
  task_id: number | null; name: string; category: string | null; unit: string; baseline: number | null
  target: number | null; cycle_target: number | null; remark: string
}

export function useIndicatorDialog(after: () => void) {
  const { t } = useI18n()
  const dlg = useCrudDialog<Indicator, IndicatorForm>({
    api: { get: getIndicator, create: createIndicator, update: updateIndicator, remove: deleteIndicator },
    fields: [...INDICATOR_FIELDS],
    blank: () => ({ task_id: null, name: '', category: 'quantity', unit: '', baseline: null, target: null, cycle_target: null, remark: '' }),
    titles: { add: 'projects.indicator.add', edit: 'projects.indicator.edit' },
    nameOf: (r) => r.name,
    after
  })
  const positive = (optional: boolean) => ({
    trigger: 'blur',
    validator: (_r: unknown, v: number | null, cb: (e?: Error) => void) => {
      if ((v === null || v === undefined) && optional) return cb()
      if (v !== null && v !== undefined && v <= 0) return cb(new Error(t('projects.rules.target')))
      cb()
    }
  })
  const rules = computed(() => ({
    name: [required(t, t('projects.indicator.name'))],
    category: [required(t, t('projects.indicator.category'), 'change')],
    target: [required(t, t('projects.indicator.target'), 'blur'), positive(false)],
    cycle_target: [positive(true)]
  }))
  function handleAddFor(taskId: number) {
    dlg.handleAdd()
    dlg.form.task_id = taskId
  }
  return { ...dlg, rules, handleAddFor }
}
