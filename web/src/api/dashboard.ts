// GET /api/v1/dashboard and GET /api/v1/regions/{code}/dashboard (the dashboard module's route table).
import { http, type Query } from '@/utils/request'

/** A figure: its value and the list query (under /api/v1) of the records behind it. */
export interface Figure { value: number; list: string }
export type Figures = Record<string, Figure>

export interface ProjectFigures {
  id: number
  name: string
  level: string | null
  tasks: Figure
  done: Figure
  overdue: Figure
  cancelled: Figure
  completion_rate: number | null
  indicator_attainment: number | null
  latest_evaluation: { kind: string; date: string; result: string | null; score: number | null } | null
}

export interface Dashboard {
  year: number
  as_of: string
  projects: ProjectFigures[]
  cooperation: {
    partner_enterprises: Figure
    manufacturing_partners: Figure
    manufacturing_share: number | null
    partners_by_section: Figures
    carriers: Record<string, Figures>
    student_places: Figure
    placements: Figures
    expiring_90d: Figure
  }
  service: {
    training_person_times: Figure
    training_person_hours: Figure
    service_contract_value: Figure
    service_amount_received: Figure
    patents_filed: Figure
    patents_granted: Figure
    certificates: Figures
    gold_collar: Figure
    graduates_employed_at_partners: Figure
    trainings_by_month: Figures
    certificates_by_month: Record<string, Figures>
  }
}

export interface RegionCollege {
  tenant: { code: string; name: string; kind: string; region_code: string }
  figures: any
}
export interface RegionDashboard {
  region: { code: string; name: string }
  year: number
  totals: any
  colleges: RegionCollege[]
}

export function getDashboard(year: number) {
  return http.get<Dashboard>('/dashboard', { year })
}

export function getRegionDashboard(code: string, year: number, sort?: string) {
  return http.get<RegionDashboard>(`/regions/${encodeURIComponent(code)}/dashboard`, { year, sort })
}

/** A figure's list as a path under /api/v1 and its query, or null when it is not one. */
export function splitList(list: string): { path: string; params: Query } | null {
  if (!list.startsWith('/api/v1/')) return null
  const [path, qs] = list.slice('/api/v1'.length).split('?', 2)
  const params: Query = {}
  new URLSearchParams(qs || '').forEach((v, k) => (params[k] = v))
  return { path, params }
}

/** A page of the records behind a figure. */
export function listFigure(list: string, page: number, size: number) {
  const s = splitList(list)
  if (!s) return Promise.reject(new Error('not a list: ' + list))
  return http.get<{ items: any[]; total: number; page: number; size: number }>(s.path, { ...s.params, page, size })
}
