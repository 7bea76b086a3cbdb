// /api/v1/dashboard/projects?year= (the projects module's route table: h_dashboard_projects): pillar 1 per project.
import { http } from '@/utils/request'
import type { ProjectsDashboard } from './types'

export function getProjectsDashboard(year?: number) {
  return http.get<ProjectsDashboard>('/dashboard/projects', { year })
}
