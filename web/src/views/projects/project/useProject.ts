/*
 * The key-project pages' state and handlers: the list (search, year,
 * pagination), the add/edit dialog with the funding by source, delete with
 * confirmation.  The rates are derived by the server and only shown.
 */
import { computed } from 'vue'
import { useI18n } from 'vue-i18n'
import { createKeyProject, deleteKeyProject, getKeyProject, listKeyProjects, updateKeyProject } from '@/api/projects/keyProjects'
import type { Funding, KeyProject } from '@/api/projects/types'
import { useList } from '@/composables/useList'
import { useCrudDialog } from '@/composables/useCrudDialog'
import { required } from '@/utils/validate'

export const PROJECT_FIELDS = ['name', 'level', 'kind', 'first_year', 'last_year', 'department_id', 'description', 'funding'] as const
export type FundingRow = { source: string | null; budgeted: number | null; arrived: number | null; spent: number | null }
export type ProjectForm = {
  name: string; level: string | null; kind: string | null; first_year: number | null; last_year: number | null
  department_id: number | null; description: string; funding: FundingRow[]
}

export const FUNDING_SOURCES = ['central', 'local', 'industry', 'school']

/** The funding as the API takes it; the original list when nothing changed (so no PATCH). */
export function fundingBody(rows: FundingRow[], original?: Funding[] | null): any[] {
  const body = rows.filter((r) => r.source).map((r) => ({ source: r.source, budgeted: r.budgeted || 0, arrived: r.arrived || 0, spent: r.spent || 0 }))
  if (original) {
    const orig = original.map((r) => ({ source: r.source, budgeted: r.budgeted, arrived: r.arrived, spent: r.spent }))
    if (JSON.stringify(orig) === JSON.stringify(body)) return original
  }
  return body
}

export function useProjectList() {
  return useList<KeyProject>(listKeyProjects, { q: '', level: '', kind: '', year: null, sort: 'id' })
}

export function useProjectDialog(after: () => void) {
  const { t } = useI18n()
  const dlg = useCrudDialog<KeyProject, ProjectForm>({
    api: { get: getKeyProject, create: createKeyProject, update: updateKeyProject, remove: deleteKeyProject },
    fields: [...PROJECT_FIELDS],
    blank: () => ({ name: '', level: 'provincial', kind: null, first_year: null, last_year: null, department_id: null, description: '', funding: [] }),
    toForm: (r) => ({ ...r, funding: (r.funding || []).map((f) => ({ source: f.source, budgeted: f.budgeted, arrived: f.arrived, spent: f.spent })) }),
    toBody: (f, editing) => ({ ...f, funding: fundingBody(f.funding, editing?.funding) }),
    titles: { add: 'projects.project.add', edit: 'projects.project.edit' },
    nameOf: (r) => r.name,
    after
  })
  const form = dlg.form
  const rules = computed(() => ({
    name: [required(t, t('projects.project.name'))],
    level: [required(t, t('projects.project.level'), 'change')],
    first_year: [required(t, t('projects.project.firstYear'), 'change')],
    last_year: [
      required(t, t('projects.project.lastYear'), 'change'),
      {
        trigger: 'change',
        validator: (_r: unknown, v: number | null, cb: (e?: Error) => void) => {
          if (v && form.first_year && v < form.first_year) return cb(new Error(t('projects.rules.yearOrder')))
          cb()
        }
      }
    ],
    funding: [{
      trigger: 'change',
      validator: (_r: unknown, v: FundingRow[], cb: (e?: Error) => void) => {
        const sources = (v || []).map((x) => x.source).filter(Boolean)
        if (new Set(sources).size !== sources.length) return cb(new Error(t('projects.rules.fundingDup')))
        cb()
      }
    }]
  }))
  return { ...dlg, rules }
}
