// The records of the key-projects module, as src/core/entities-projects.c and src/store/hooks-projects.c shape them.
import type { Base } from '../types'

/** One source of a project's funds (whole yuan); the rates are derived, null when undefined. */
export interface Funding {
  source: string
  budgeted: number
  arrived: number
  spent: number
  arrival_rate: number | null
  execution_rate: number | null
}

export type FundingTotal = Omit<Funding, 'source'>

export interface TaskBookRef {
  id: number
  year: number
  title: string
  issue_date: string | null
  event_id: number | null
}

export interface EvaluationRef {
  id: number
  kind: string
  date: string
  result: string | null
  score: number | null
}

export interface KeyProject extends Base {
  name: string
  level: string
  kind: string | null
  first_year: number
  last_year: number
  department_id: number | null
  description: string | null
  demo: boolean
  funding: Funding[]
  funding_total: FundingTotal
  /** Detail only. */
  task_books?: TaskBookRef[]
  evaluations?: EvaluationRef[]
}

/** The pillar-1 figures of a set of tasks; the rates are null when there is nothing to count. */
export interface Figures {
  tasks: number
  done: number
  overdue: number
  cancelled: number
  completion_rate: number | null
  indicators: number
  indicator_attainment: number | null
}

export interface TaskBook extends Base {
  project_id: number
  year: number
  title: string
  issue_date: string | null
  event_id: number | null
  remark: string | null
  demo: boolean
  project_name: string | null
  figures: Figures
  /** Detail only: the events it appears in. */
  events?: { event_id: number; title: string; date: string; action: string }[]
}

export interface TaskDepartment {
  department_id: number
  name: string
}

export interface IndicatorRow {
  id: number
  name: string
  category: string
  unit: string | null
  baseline: number | null
  target: number
  cycle_target: number | null
  actual: number | null
  attainment: number
}

export interface TaskReportRow {
  id: number
  date: string
  percent: number
  status: string
  submitted_by: number | null
  return_reason: string | null
}

export interface Task extends Base {
  task_book_id: number
  code: string
  outline_order: number
  title: string
  lead_department_id: number | null
  owner_id: number | null
  deadline: string | null
  status: string
  remark: string | null
  demo: boolean
  project_id: number
  year: number
  owner_name: string | null
  lead_department_name: string | null
  percent: number
  level: 1 | 2
  overdue: boolean
  participating_departments: TaskDepartment[]
  /** Detail only. */
  indicators?: IndicatorRow[]
  reports?: TaskReportRow[]
}

export interface Indicator extends Base {
  task_id: number
  name: string
  category: string
  unit: string | null
  baseline: number | null
  target: number
  cycle_target: number | null
  remark: string | null
  demo: boolean
  task_book_id: number
  task_code: string
  task_title: string
  actual: number | null
  attainment: number
  cycle_attainment: number | null
}

export interface IndicatorValue {
  indicator_id: number
  value: number
  indicator_name?: string
  unit?: string | null
}

export interface AttachmentRef {
  id: number
  filename: string
  kind: string
  content_type: string
  size: number
}

export interface Review {
  id: number
  decision: string
  reason: string | null
  reviewed_by: number | null
  reviewed_by_name: string | null
  at: string
}

export interface ProgressReport extends Base {
  task_id: number
  date: string
  text: string
  percent: number
  status: string
  return_reason: string | null
  submitted_by: number | null
  reviewed_by: number | null
  reviewed_at: string | null
  demo: boolean
  task_code: string
  task_title: string
  owner_id: number | null
  submitted_by_name: string | null
  indicator_values: IndicatorValue[]
  attachment_ids: number[]
  /** Detail only. */
  attachments?: AttachmentRef[]
  reviews?: Review[]
}

export interface Attachment extends Base {
  filename: string
  kind: string
  content_type: string
  size: number
  sha256: string
  stored_name: string
  uploaded_by: number | null
}

export interface Snapshot extends Partial<Figures> {
  as_of?: string
  recorded_at?: string
  funding_total?: FundingTotal
  years?: (Figures & { year: number; task_book_id: number })[]
}

export interface Evaluation extends Base {
  project_id: number
  kind: string
  date: string
  result: string | null
  score: number | null
  evaluator: string | null
  remarks: string | null
  demo: boolean
  snapshot: Snapshot
  project_name: string | null
}

export interface Commendation extends Base {
  title: string
  label: string
  staff_id: number | null
  person_name: string | null
  project_id: number | null
  event_id: number | null
  date: string
  issuer: string | null
  remark: string | null
  demo: boolean
  person: string | null
  project_name: string | null
  event_title: string | null
  events?: { event_id: number; title: string; date: string; action: string }[]
}

export interface Todo {
  overdue_tasks: Task[]
  reports_to_review: ProgressReport[]
  returned_reports: ProgressReport[]
  counts: { overdue_tasks: number; reports_to_review: number; returned_reports: number }
}

export interface DashboardProject extends Figures {
  project_id: number
  name: string
  level: string
  kind: string | null
  task_book_id: number | null
  task_book_title: string | null
  latest_evaluation: EvaluationRef | null
  tasks_url?: string
  overdue_url?: string
  indicators_url?: string
}

export interface ProjectsDashboard {
  year: number
  as_of: string
  projects: DashboardProject[]
  total: Figures
}
