/*
 * Reviewing a progress report (school_admin): approve it — it then counts
 * for the task's percent and the indicators' actuals — or return it with a
 * reason (required).  One's own report, or one on a task one owns, cannot be
 * reviewed: the server answers 403 and its message is shown.
 */
import { ref } from 'vue'
import { useI18n } from 'vue-i18n'
import { ElMessage, ElMessageBox } from 'element-plus'
import { approveProgressReport, returnProgressReport } from '@/api/projects/progressReports'
import type { ProgressReport } from '@/api/projects/types'
import { handleSubmitError } from '@/utils/form'

export function useReview(after: (r: ProgressReport | null) => void) {
  const { t } = useI18n()
  const busy = ref(0)

  /** Sends the review, tells the outcome, and hands the page the report (null when refused). */
  async function review(row: ProgressReport, send: () => Promise<ProgressReport>, done: string) {
    busy.value = row.id
    try {
      const r = await send()
      ElMessage.success(t(done))
      after(r)
      return true
    } catch (e) {
      await handleSubmitError(e)
      after(null)
      return false
    } finally {
      busy.value = 0
    }
  }

  async function handleApprove(row: ProgressReport) {
    try {
      await ElMessageBox.confirm(t('projects.review.approveConfirm', { task: `${row.task_code} ${row.task_title}` }), t('projects.review.approveTitle'), {
        type: 'info', confirmButtonText: t('projects.review.approve'), cancelButtonText: t('common.cancel')
      })
    } catch {
      return false
    }
    return review(row, () => approveProgressReport(row.id), 'projects.review.approved')
  }

  async function handleReturn(row: ProgressReport) {
    let reason: string
    try {
      const r = await ElMessageBox.prompt(t('projects.review.returnPrompt'), t('projects.review.returnTitle'), {
        confirmButtonText: t('projects.review.return'), cancelButtonText: t('common.cancel'),
        inputType: 'textarea', inputPlaceholder: t('projects.review.reasonRequired'),
        inputValidator: (v: string) => {
          if (!v || !v.trim()) return t('projects.review.reasonRequired')
          if ([...v.trim()].length > 1000) return t('projects.review.reasonTooLong')
          return true
        },
        customClass: 'cj-return-box'
      })
      reason = (r as any).value.trim()
    } catch {
      return false
    }
    return review(row, () => returnProgressReport(row.id, reason), 'projects.review.returned')
  }

  return { busy, handleApprove, handleReturn }
}
