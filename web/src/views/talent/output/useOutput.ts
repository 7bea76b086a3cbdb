/*
 * The output pages' state and handlers: the list (tabs by kind, search,
 * pagination), the add/edit dialog whose fields follow the kind (a patent's
 * application number checked as typed, a technical service's client and
 * amounts, a competition's contest and award, a publication's publisher),
 * delete with confirmation.
 */
import { computed } from 'vue'
import { useI18n } from 'vue-i18n'
import { createOutput, deleteOutput, getOutput, listOutputs, updateOutput } from '@/api/talent/outputs'
import type { Output, Person } from '@/api/talent/types'
import { useList } from '@/composables/useList'
import { useCrudDialog } from '@/composables/useCrudDialog'
import { dateOrderRule, required } from '@/utils/validate'
import { patentNoRule } from '@/utils/talent/validate'
import { checkPatentNo } from '@/utils/talent/patent'
import { peopleBody, useWriteScope } from '../common'

export const OUTPUT_FIELDS = [
  'kind', 'title', 'date', 'studio_id', 'department_id', 'application_no', 'patent_type', 'patent_status', 'granted_on',
  'client_enterprise_id', 'contract_amount', 'amount_received', 'start_date', 'end_date', 'contest', 'competition_level',
  'award', 'publisher', 'remark', 'people'
] as const
type Field = (typeof OUTPUT_FIELDS)[number]
export type OutputForm = Record<Exclude<Field, 'people'>, any> & { people: Person[]; client_enterprise_name: string }

/** The fields that belong to one kind only. */
export const KIND_FIELDS: Record<string, Field[]> = {
  patent: ['application_no', 'patent_type', 'patent_status', 'granted_on'],
  tech_service: ['client_enterprise_id', 'contract_amount', 'amount_received', 'start_date', 'end_date'],
  competition: ['contest', 'competition_level', 'award'],
  standard: ['publisher'],
  textbook: ['publisher']
}
const ALL_KIND_FIELDS = [...new Set(Object.values(KIND_FIELDS).flat())]

export function useOutputList() {
  return useList<Output>(listOutputs, {
    kind: 'patent', q: '', studio_id: '', department_id: '', patent_type: '', patent_status: '', application_no: '',
    competition_level: '', client_enterprise_id: '', sort: '-date'
  })
}

export function useOutputDialog(after: () => void) {
  const { t } = useI18n()
  const { ownDepartment } = useWriteScope('outputs')
  const dlg = useCrudDialog<Output, OutputForm>({
    api: { get: getOutput, create: createOutput, update: updateOutput, remove: deleteOutput },
    fields: [...OUTPUT_FIELDS],
    blank: () => ({
      kind: 'patent', title: '', date: null, studio_id: null, department_id: ownDepartment.value, application_no: '', patent_type: null,
      patent_status: null, granted_on: null, client_enterprise_id: null, client_enterprise_name: '', contract_amount: null,
      amount_received: null, start_date: null, end_date: null, contest: '', competition_level: null, award: '', publisher: '',
      remark: '', people: []
    }),
    toForm: (r) => ({ ...r, people: r.people.map((p) => ({ ...p })) }),
    toBody: (f, editing) => {
      const b: Record<string, any> = { ...f }
      delete b.client_enterprise_name
      // A field of another kind is cleared (the server refuses it).
      const mine = KIND_FIELDS[f.kind] || []
      for (const k of ALL_KIND_FIELDS) if (!mine.includes(k)) b[k] = null
      if (f.kind === 'patent') {
        const p = checkPatentNo(f.application_no)
        if (p.ok) b.application_no = p.value
      }
      b.people = peopleBody(f.people, editing?.people)
      return b
    },
    titles: { add: 'output.add', edit: 'output.edit' },
    nameOf: (r) => r.title,
    after
  })
  // The client's name for the picker when editing.
  const handleUpdate = async (row: Output) => {
    await dlg.handleUpdate(row)
    if (dlg.editing.value) dlg.form.client_enterprise_name = dlg.editing.value.client_enterprise_name || ''
  }
  const handleAdd = (kind?: string) => {
    dlg.handleAdd()
    if (kind) dlg.form.kind = kind
  }
  const form = dlg.form
  const rules = computed(() => ({
    kind: [required(t, t('output.kind'), 'change')],
    title: [required(t, t('output.title'))],
    application_no: form.kind === 'patent' ? [patentNoRule(t)] : [],
    patent_type: form.kind === 'patent' ? [required(t, t('output.patentType'), 'change')] : [],
    client_enterprise_id: form.kind === 'tech_service' ? [required(t, t('output.client'), 'change')] : [],
    end_date: [dateOrderRule(t, () => form.start_date)]
  }))
  return { ...dlg, handleAdd, handleUpdate, rules, ownDepartment }
}
