/*
 * The progress-report dialog (进展填报): on a task its owner (or an
 * administrator) reports the date, what was done, the percent, the actual
 * values of the task's indicators and the evidence files; a returned report
 * is edited and so submitted again.  Only an approved report moves the
 * task's percent and the indicators' actuals (the server's rule).  A server
 * field error goes beside its field; a version conflict offers to reload.
 */
import { computed, reactive, ref } from 'vue'
import { useI18n } from 'vue-i18n'
import { ElMessage, type FormInstance } from 'element-plus'
import { createProgressReport, getProgressReport, updateProgressReport } from '@/api/projects/progressReports'
import { getTask } from '@/api/projects/tasks'
import type { AttachmentRef, IndicatorRow, ProgressReport, Task } from '@/api/projects/types'
import { changedFields, clearFieldErrors, handleSubmitError } from '@/utils/form'
import { required } from '@/utils/validate'

export const REPORT_FIELDS = ['task_id', 'date', 'text', 'percent', 'indicator_values', 'attachment_ids'] as const
export type ReportForm = {
  date: string | null; text: string; percent: number | null
  values: Record<number, number | null>; attachments: AttachmentRef[]
}

export function today(): string {
  const d = new Date()
  const p = (n: number) => String(n).padStart(2, '0')
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())}`
}

/** The body of a report from its form (indicator values only where given). */
export function reportBody(taskId: number, f: ReportForm, indicators: IndicatorRow[]) {
  return {
    task_id: taskId,
    date: f.date,
    text: f.text.trim(),
    percent: f.percent,
    indicator_values: indicators.filter((i) => f.values[i.id] !== null && f.values[i.id] !== undefined).map((i) => ({ indicator_id: i.id, value: f.values[i.id] as number })),
    attachment_ids: f.attachments.map((a) => a.id)
  }
}

export function useReportDialog(afterSave: (r: ProgressReport) => void) {
  const { t } = useI18n()
  const open = ref(false)
  const submitting = ref(false)
  const uploading = ref(false)
  const task = ref<Task | null>(null)
  const editing = ref<ProgressReport | null>(null)
  const form = reactive<ReportForm>({ date: null, text: '', percent: 0, values: {}, attachments: [] })
  const fieldErrors = reactive<Record<string, string>>(Object.fromEntries(REPORT_FIELDS.map((f) => [f, ''])))
  const formRef = ref<FormInstance>()
  const indicators = computed<IndicatorRow[]>(() => task.value?.indicators || [])
  const title = computed(() => (editing.value ? t('projects.report.editTitle') : t('projects.report.title')))
  const rules = computed(() => ({
    date: [required(t, t('projects.report.date'), 'change')],
    text: [required(t, t('projects.report.text'))],
    percent: [required(t, t('projects.report.percent'), 'change')]
  }))

  function fill(rec: ProgressReport | null) {
    form.date = rec ? rec.date : today()
    form.text = rec ? rec.text : ''
    form.percent = rec ? rec.percent : task.value?.percent ?? 0
    form.values = Object.fromEntries(indicators.value.map((i) => [i.id, rec ? rec.indicator_values.find((v) => v.indicator_id === i.id)?.value ?? null : null]))
    form.attachments = rec ? (rec.attachments || []).map((a) => ({ ...a })) : []
    clearFieldErrors(fieldErrors)
    formRef.value?.clearValidate()
  }

  /** A new report on a task (its indicators are read when the row did not carry them). */
  async function openFor(row: Task) {
    try {
      task.value = row.indicators ? row : await getTask(row.id)
      editing.value = null
      fill(null)
      open.value = true
    } catch {
      /* shown by the client */
    }
  }

  /** A returned (or still submitted) report, to correct and submit again. */
  async function openEdit(id: number) {
    try {
      const rec = await getProgressReport(id)
      task.value = await getTask(rec.task_id)
      editing.value = rec
      fill(rec)
      open.value = true
    } catch {
      /* shown by the client */
    }
  }

  async function reload() {
    if (!editing.value) return
    await openEdit(editing.value.id)
  }

  async function submitForm() {
    if (!task.value) return
    clearFieldErrors(fieldErrors)
    const ok = await formRef.value?.validate().catch(() => false)
    if (!ok) return
    submitting.value = true
    try {
      const body = reportBody(task.value.id, form, indicators.value)
      let saved: ProgressReport
      if (editing.value) {
        const old = {
          ...editing.value,
          indicator_values: editing.value.indicator_values.map((v) => ({ indicator_id: v.indicator_id, value: v.value })),
          attachment_ids: [...editing.value.attachment_ids]
        }
        const diff: Record<string, any> = changedFields(old, body, ['date', 'text', 'percent', 'indicator_values', 'attachment_ids'])
        // Saving a returned report submits it again, even when nothing else changed.
        if (!Object.keys(diff).length) diff.text = body.text
        saved = await updateProgressReport(editing.value.id, editing.value.version, diff)
        ElMessage.success(t('projects.report.resubmitted'))
      } else {
        saved = await createProgressReport(body)
        ElMessage.success(t('projects.report.submitted'))
      }
      open.value = false
      afterSave(saved)
    } catch (e) {
      await handleSubmitError(e, { fieldErrors, fields: [...REPORT_FIELDS], reload })
    } finally {
      submitting.value = false
    }
  }

  return { open, submitting, uploading, task, editing, form, fieldErrors, formRef, indicators, title, rules, openFor, openEdit, submitForm }
}
