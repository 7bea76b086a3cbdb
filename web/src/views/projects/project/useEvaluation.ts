/*
 * A project's evaluations (mid-term, annual, final): the add/edit dialog and
 * delete.  The server freezes a snapshot of the completion figures when an
 * evaluation is recorded; later changes do not alter it.
 */
import { computed } from 'vue'
import { useI18n } from 'vue-i18n'
import { createEvaluation, deleteEvaluation, getEvaluation, updateEvaluation } from '@/api/projects/evaluations'
import type { Evaluation } from '@/api/projects/types'
import { useCrudDialog } from '@/composables/useCrudDialog'
import { required } from '@/utils/validate'

export const EVALUATION_FIELDS = ['project_id', 'kind', 'date', 'result', 'score', 'evaluator', 'remarks'] as const
export type EvaluationForm = {
  project_id: number | null; kind: string | null; date: string | null; result: string | null; score: number | null; evaluator: string; remarks: string
}

export function useEvaluationDialog(projectId: () => number, after: () => void) {
  const { t } = useI18n()
  const dlg = useCrudDialog<Evaluation, EvaluationForm>({
    api: { get: getEvaluation, create: createEvaluation, update: updateEvaluation, remove: deleteEvaluation },
    fields: [...EVALUATION_FIELDS],
    blank: () => ({ project_id: projectId(), kind: 'annual', date: null, result: null, score: null, evaluator: '', remarks: '' }),
    titles: { add: 'projects.evaluation.add', edit: 'projects.evaluation.edit' },
    nameOf: (r) => `${r.date} ${r.evaluator || ''}`.trim(),
    after
  })
  const rules = computed(() => ({
    kind: [required(t, t('projects.evaluation.kind'), 'change')],
    date: [required(t, t('projects.evaluation.date'), 'change')]
  }))
  return { ...dlg, rules }
}
