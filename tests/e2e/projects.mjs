#!/usr/bin/env node
/*
 * The browser suite of the key-projects module (重点项目建设: projects and
 * their funding, annual task books as outline trees, progress reports with
 * evidence files and their review, the to-do list, commendations, the
 * founding meeting's task books and commendations): the web app in Debian's
 * Chromium against the real chanjiao binary with a fresh demo database on a
 * random loopback port, as run.mjs does (tests/e2e/lib.mjs).
 *
 *   node tests/e2e/projects.mjs --binary build/chanjiao [--web web/dist]
 *        [--chromium /usr/bin/chromium] [--screenshots build/screenshots]
 *        [--only N] [--serve-arg ARG]... [--pg DIR]
 *
 * Screenshots at 1440×900 go to the screenshots folder as projects-NN-*.png;
 * the last line is "N passed, M failed" (exit 1 if any failed).  The steps
 * build on each other (a report is submitted, then reviewed): run them all.
 */
import { assert, confirmBox, expectText, fillItem, formItem, login, logout, menu, runSuite, waitTableLoaded } from './lib.mjs'

const PROJECTS = [
  // name, arrival rate, execution rate (funding_total of the demo)
  ['省“双高”计划建设项目', '59.7%', '85%'],
  ['省“一流技师学院”建设项目', '50%', '66.7%'],
  ['省高水平专业群建设项目（工业机器人、烘焙）', '61%', '72.7%']
]
const BOOK = '省“双高”计划2023年度建设任务书'
const BOOKS = [BOOK, '省“一流技师学院”2023年度建设任务书', '省高水平专业群2023年度建设任务书']
const COMMENDED = ['徐立新', '钱文斌', '陈建华', '李文涛', '王晓燕', '蒋建明']
const DANGER = 'rgb(245, 108, 108)' // --el-color-danger
const REPORT_TEXT = '工作室本年度已培训企业职工260人次，完成大师工作室年度考核材料。'
const OWN_TEXT = '管理员代为填报：三全育人综合改革方案已印发。'

/** The smallest valid PDF: enough for the server, which judges a file by its content. */
function tinyPdf() {
  const objs = ['<< /Type /Catalog /Pages 2 0 R >>', '<< /Type /Pages /Kids [3 0 R] /Count 1 >>', '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 200 200] >>']
  let body = '%PDF-1.4\n'
  const offsets = []
  objs.forEach((o, i) => {
    offsets.push(body.length)
    body += `${i + 1} 0 obj\n${o}\nendobj\n`
  })
  const xref = body.length
  body += `xref\n0 ${objs.length + 1}\n0000000000 65535 f \n${offsets.map((n) => `${String(n).padStart(10, '0')} 00000 n \n`).join('')}`
  body += `trailer\n<< /Size ${objs.length + 1} /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`
  return Buffer.from(body, 'latin1')
}

const rowsOf = (table) => table.locator('.el-table__body-wrapper tbody tr')
/** The row of the outline tree with the task code. */
const taskRow = (p, code) => p.locator('[data-test=task-tree] .el-table__body-wrapper tbody tr').filter({ has: p.locator(`[data-code="${code}"]`) })

function steps(ctx) {
  const { base, shot } = ctx
  const page = () => ctx.page
  const dialog = () => page().locator('.el-dialog:visible')

  async function openBook(p, title = BOOK) {
    await menu(p, 'taskBooks')
    await p.waitForURL(/\/projects\/task-books$/)
    const table = p.locator('[data-test=taskbook-table]')
    await waitTableLoaded(p, table)
    // The demo's books are for 2023: the year that has data is the default.
    await expectText(p.locator('[data-test=year-select]'), '2023年', 'the default year')
    await table.getByRole('link', { name: title, exact: true }).click()
    await p.waitForURL(/\/projects\/task-books\/\d+/)
    await taskRow(p, '1').waitFor()
  }

  async function successMessage(p, text) {
    // Several messages may be up at once (an upload's, then the save's): wait for this one.
    await p.locator('.el-message--success').filter({ hasText: text }).first().waitFor({ state: 'visible', timeout: 10000 })
  }

  return [
    ['the project list shows the three demo projects with funding rates', async () => {
      const p = page()
      await login(p, base, 'admin')
      await expectText(p.locator('.el-sub-menu[data-menu=projects]'), '重点项目建设', 'the menu group')
      await menu(p, 'keyProjects')
      await p.waitForURL(/\/projects\/key-projects/)
      const table = p.locator('[data-test=project-table]')
      await waitTableLoaded(p, table)
      await rowsOf(table).nth(2).waitFor()
      assert((await rowsOf(table).count()) === 3, `expected 3 projects, saw ${await rowsOf(table).count()}`)
      await expectText(p.locator('[data-test=total]'), '共 3 条', 'total')
      for (const [name, arrival, execution] of PROJECTS) {
        const row = rowsOf(table).filter({ hasText: name })
        await expectText(row.locator('[data-test=arrival-rate]'), arrival, `the arrival rate of ${name}`)
        await expectText(row.locator('[data-test=execution-rate]'), execution, `the execution rate of ${name}`)
        assert(await row.locator('.el-progress').count() === 2, `${name}: both rates are bars`)
      }
      // The pillar-1 panel: this year's task books (2023) per project, overdue counts in red.
      const pillar = p.locator('[data-test=pillar-table]')
      await expectText(p.locator('[data-test=pillar-year]'), '2023年', 'the pillar panel year')
      await expectText(rowsOf(pillar).filter({ hasText: '省“双高”计划建设项目' }).locator('[data-test=pillar-overdue]'), '10', 'overdue tasks of the 双高 book')
      await expectText(rowsOf(pillar).filter({ hasText: '全部项目' }), '33', 'tasks of all projects')
      await shot(p, 'project-list')
      // The detail: funding by source with the rates as bars.
      await table.getByRole('link', { name: PROJECTS[0][0], exact: true }).click()
      await p.waitForURL(/\/projects\/key-projects\/\d+/)
      const funding = p.locator('[data-test=funding-table]')
      await expectText(rowsOf(funding).filter({ hasText: '地方财政' }), '60%', 'local funds arrival')
      await expectText(rowsOf(funding).filter({ hasText: '地方财政' }), '86.7%', 'local funds execution')
      await expectText(rowsOf(funding).filter({ hasText: '合计' }), '3,800', 'total budget in 万元')
      await expectText(p.locator('[data-test=project-taskbooks]'), BOOK, 'its task book')
      await expectText(p.locator('[data-test=project-evaluations]'), '中期评估', 'its mid-term evaluation')
      const commended = await p.locator('[data-test=project-commendations]').innerText()
      for (const n of COMMENDED) assert(commended.includes(n), `the project lists ${n} as commended`)
      await shot(p, 'project-detail')
    }],

    ['a task book shows its outline tree with an overdue task in red', async () => {
      const p = page()
      await openBook(p)
      await expectText(p.locator('[data-test=taskbook-title]'), BOOK, 'the task book title')
      await expectText(p.locator('[data-test=figure-overdue]'), '10', 'overdue figure')
      // Second-level tasks sit under their first-level task (a tree row of level 1).
      for (const code of ['1', '2', '3', '4', '5']) assert(await taskRow(p, code).count() === 1, `first-level task ${code} is a row`)
      const child = taskRow(p, '3.1')
      assert(/el-table__row--level-1/.test(await child.getAttribute('class')), 'task 3.1 is nested under task 3')
      assert(/el-table__row--level-0/.test(await taskRow(p, '3').getAttribute('class')), 'task 3 is at the top level')
      // 3.1 (deadline 2023-06-30, in progress) is overdue: red, with its tag; 1.1 (done) is not.
      await expectText(child.locator('[data-test=overdue-tag]'), '逾期', 'the overdue tag of 3.1')
      const red = await child.locator('.cj-task-title').evaluate((el) => getComputedStyle(el).color)
      assert(red === DANGER, `an overdue task is red, saw ${red}`)
      const deadline = await child.locator('[data-test=deadline]').evaluate((el) => getComputedStyle(el).color)
      assert(deadline === DANGER, `an overdue deadline is red, saw ${deadline}`)
      const done = taskRow(p, '1.1')
      assert(await done.locator('[data-test=overdue-tag]').count() === 0, 'a done task is not overdue')
      const plain = await done.locator('.cj-task-title').evaluate((el) => getComputedStyle(el).color)
      assert(plain !== DANGER, 'a task that is not overdue is not red')
      await expectText(done, '已完成', 'status tag')
      await expectText(done, '朱晓东', 'owner')
      await expectText(child.locator('[data-test=task-percent]'), '50%', 'percent of 3.1')
      await expectText(child, '60%', 'attainment of the indicator of 3.1 (180/300)')
      await shot(p, 'taskbook-tree')
      // Only the overdue ones.
      await p.locator('[data-test=only-overdue]').click()
      await taskRow(p, '1.1').waitFor({ state: 'detached', timeout: 5000 }) // a done task is hidden
      await taskRow(p, '3.1').waitFor()
      await p.locator('[data-test=only-overdue]').click()
      // A second-level code needs its parent: checked beside the field before anything is sent.
      await p.locator('[data-test=add-task]').click()
      await dialog().waitFor()
      await p.locator('[data-test=task-code]').fill('9.1')
      await p.locator('[data-test=task-title]').fill('测试任务')
      await dialog().locator('[data-test=dialog-save]').click()
      await expectText(dialog().locator('[data-field=code] .el-form-item__error'), '须在一级任务 9 之下', 'the outline rule beside the code')
      await shot(p, 'task-code-not-under-parent')
      await dialog().getByRole('button', { name: '取消' }).click()
      await dialog().waitFor({ state: 'hidden' })
    }],

    ['a second task book for the same project and year: the server error is shown beside the year', async () => {
      const p = page()
      await menu(p, 'taskBooks')
      await p.waitForURL(/\/projects\/task-books$/)
      await waitTableLoaded(p, p.locator('[data-test=taskbook-table]'))
      await p.locator('[data-test=add]').click()
      const dlg = dialog()
      await dlg.waitFor()
      await formItem(dlg, '所属项目').locator('.el-select').click()
      await p.locator('.el-select-dropdown__item:visible').filter({ hasText: PROJECTS[0][0] }).first().click()
      await fillItem(dlg, '年度', '2023')
      await dlg.locator('[data-test=dialog-save]').click()
      await expectText(formItem(dlg, '年度').locator('.el-form-item__error'), '记录已存在', 'the duplicate error beside the year')
      await shot(p, 'taskbook-duplicate-year')
      await dlg.getByRole('button', { name: '取消' }).click()
      await logout(p)
    }],

    ['a forbidden file type is refused in the progress dialog', async () => {
      const p = page()
      await login(p, base, 'zhoubb')
      await openBook(p)
      // zhoubb owns 3.1 and may report on it; not on 1.1 (朱晓东's).
      assert(await taskRow(p, '1.1').locator('[data-test=report-btn]').count() === 0, 'no report button on a task of another owner')
      await taskRow(p, '3.1').locator('[data-test=report-btn]').click()
      const dlg = dialog()
      await dlg.waitFor()
      await expectText(dlg.locator('[data-test=report-task]'), '3.1 建设嘉兴市工业机器人技能大师工作室', 'the task in the dialog')
      const input = dlg.locator('[data-test=evidence-input]')
      const error = dlg.locator('[data-field=attachment_ids] .el-form-item__error')
      // A text file, by its name.
      await input.setInputFiles({ name: 'notes.txt', mimeType: 'text/plain', buffer: Buffer.from('just text\n') })
      await expectText(error, '不是 PDF、PNG、JPEG、DOCX 或 XLSX', 'a .txt file is refused')
      // An executable named .pdf, by its content.
      await input.setInputFiles({ name: 'report.pdf', mimeType: 'application/pdf', buffer: Buffer.from('MZ\x90\x00 not a pdf at all') })
      await expectText(error, '“report.pdf”不是 PDF', 'a file that only claims to be a PDF is refused')
      // Over 20 MB, before it is sent.
      await input.setInputFiles({ name: 'big.pdf', mimeType: 'application/pdf', buffer: Buffer.concat([Buffer.from('%PDF-1.4\n'), Buffer.alloc(21 * 1024 * 1024)]) })
      await expectText(error, '超过 20 MB', 'a file over the limit is refused')
      assert(await dlg.locator('[data-test=evidence-list]').count() === 0, 'nothing was attached')
      await shot(p, 'report-forbidden-file')
    }],

    ['zhoubb submits a progress report with an uploaded PDF on a task he owns', async () => {
      const p = page()
      const dlg = dialog()
      await dlg.locator('[data-test=report-text]').fill(REPORT_TEXT)
      const pct = dlg.locator('.el-slider__input input')
      await pct.fill('80')
      await pct.press('Tab') // (Enter would submit the form)
      await dlg.locator('[data-indicator="3"] input').fill('260')
      await dlg.locator('[data-test=evidence-input]').setInputFiles({ name: '大师工作室培训记录.pdf', mimeType: 'application/pdf', buffer: tinyPdf() })
      await expectText(dlg.locator('[data-test=evidence-list]'), '大师工作室培训记录.pdf', 'the uploaded evidence')
      // The earlier refusal is cleared.
      await dlg.locator('[data-field=attachment_ids] .el-form-item__error').waitFor({ state: 'hidden' })
      await shot(p, 'report-dialog')
      await dlg.locator('[data-test=report-submit]').click()
      await successMessage(p, '已提交，等待审核')
      await dlg.waitFor({ state: 'hidden' })
      // Not approved yet: the task's percent stays.
      await expectText(taskRow(p, '3.1').locator('[data-test=task-percent]'), '50%', 'percent before approval')
      // The task drawer lists the report, waiting.
      await taskRow(p, '3.1').locator('.cj-task-title').click()
      const drawer = p.locator('.el-drawer:visible')
      await drawer.waitFor()
      const reports = drawer.locator('[data-test=task-reports]')
      await expectText(rowsOf(reports).first(), '待审核', 'the new report waits for review')
      await expectText(rowsOf(reports).first(), '80%', 'its percent')
      await shot(p, 'task-drawer')
      await p.keyboard.press('Escape')
      await drawer.waitFor({ state: 'hidden' })
    }],

    ['zhoubb’s to-do list shows his overdue tasks and the returned report', async () => {
      const p = page()
      await menu(p, 'home')
      await expectText(p.locator('[data-test=home-todo-overdue_tasks]'), '4', 'overdue tasks on the home page')
      await expectText(p.locator('[data-test=home-todo-returned_reports]'), '1', 'returned reports on the home page')
      assert(await p.locator('[data-test=home-todo-reports_to_review]').count() === 0, 'staff do not review')
      await shot(p, 'home-staff')
      await p.locator('[data-test=home-todo-overdue_tasks]').click()
      await p.waitForURL(/\/projects\/todo/)
      const overdue = p.locator('[data-test=todo-overdue]')
      await expectText(overdue.locator('[data-test=count-overdue]'), '4', 'overdue count')
      const text = await overdue.innerText()
      for (const t of ['建设嘉兴市工业机器人技能大师工作室', '升级工业机器人实训中心', '打造技术技能创新服务平台', '申报发明专利和实用新型专利']) assert(text.includes(t), `overdue: ${t}`)
      const red = await overdue.locator('[data-test=todo-task]').first().evaluate((el) => getComputedStyle(el).color)
      assert(red === DANGER, `overdue tasks are red, saw ${red}`)
      const returned = p.locator('[data-test=todo-returned]')
      await expectText(returned.locator('[data-test=count-returned]'), '1', 'returned count')
      await expectText(returned, '申报发明专利和实用新型专利', 'the returned report')
      await expectText(returned.locator('[data-test=return-reason]'), '未附专利授权证书或受理通知书等佐证材料', 'the reason it was returned')
      assert(await p.locator('[data-test=todo-review]').count() === 0, 'no review list for staff')
      await shot(p, 'todo-staff')
      // Correcting the returned report opens it with its reason.
      await returned.locator('[data-test=todo-resubmit]').click()
      await dialog().waitFor()
      await expectText(dialog().locator('[data-test=report-return-reason]'), '未附专利授权证书', 'the reason in the dialog')
      await dialog().getByRole('button', { name: '取消' }).click()
      await dialog().waitFor({ state: 'hidden' })
      await logout(p)
    }],

    ['admin sees the report in the review queue, approves it, and the task’s percent changes', async () => {
      const p = page()
      await login(p, base, 'admin')
      await expectText(p.locator('[data-test=home-todo-reports_to_review]'), '3', 'reports waiting for the admin on the home page')
      await menu(p, 'reportReview')
      await p.waitForURL(/\/projects\/reviews/)
      const table = p.locator('[data-test=review-table]')
      await waitTableLoaded(p, table)
      const row = rowsOf(table).filter({ hasText: REPORT_TEXT.slice(0, 12) })
      await expectText(row, '3.1', 'the task of the report')
      await expectText(row, '周斌斌', 'who reported')
      await expectText(row, '260', 'the indicator actual')
      await shot(p, 'review-queue')
      await row.locator('[data-test=review-view]').click()
      await dialog().waitFor()
      await expectText(dialog().locator('[data-test=report-attachment]'), '大师工作室培训记录.pdf', 'the evidence in the report')
      const href = await dialog().locator('[data-test=report-attachment] a').getAttribute('href')
      const res = await p.request.get(base + href)
      assert(res.status() === 200 && (await res.body()).subarray(0, 5).toString() === '%PDF-', 'the evidence downloads as the PDF')
      assert(/attachment/.test(res.headers()['content-disposition'] || ''), 'the evidence is served as a download')
      await shot(p, 'review-report')
      await dialog().getByRole('button', { name: '通过' }).click()
      await confirmBox(p, '通过')
      await successMessage(p, '已审核通过')
      await dialog().waitFor({ state: 'hidden' })
      // The approved report leaves the queue.
      await rowsOf(table).filter({ hasText: REPORT_TEXT.slice(0, 12) }).waitFor({ state: 'detached', timeout: 10000 })
      // The task's percent and the indicator's actual follow the approved report.
      await openBook(p)
      await expectText(taskRow(p, '3.1').locator('[data-test=task-percent]'), '80%', 'percent after approval')
      await expectText(taskRow(p, '3.1'), '86.7%', 'attainment after approval (260/300)')
      await shot(p, 'taskbook-after-approval')
    }],

    ['admin cannot approve a report of his own, and returning requires a reason', async () => {
      const p = page()
      // The administrator may report on any task: he reports on 1.2 himself.
      await taskRow(p, '1.2').locator('[data-test=report-btn]').click()
      const dlg = dialog()
      await dlg.waitFor()
      await dlg.locator('[data-test=report-text]').fill(OWN_TEXT)
      await dlg.locator('[data-test=report-submit]').click()
      await successMessage(p, '已提交，等待审核')
      await dlg.waitFor({ state: 'hidden' })
      await menu(p, 'reportReview')
      const table = p.locator('[data-test=review-table]')
      await waitTableLoaded(p, table)
      const own = rowsOf(table).filter({ hasText: OWN_TEXT.slice(0, 10) })
      await expectText(own.locator('[data-test=own-tag]'), '本人提交', 'his own report is marked')
      await own.locator('[data-test=review-approve]').click()
      await confirmBox(p, '通过')
      await p.locator('.el-message--error').filter({ hasText: '不能审核本人提交或本人负责任务的进展报告' }).waitFor({ state: 'visible', timeout: 10000 })
      await waitTableLoaded(p, table)
      await expectText(rowsOf(table).filter({ hasText: OWN_TEXT.slice(0, 10) }), '待审核', 'it still waits')
      await shot(p, 'review-own-refused')
      // Returning another report: the reason is required.
      const other = rowsOf(table).filter({ hasText: '4.1' })
      await other.locator('[data-test=review-return]').click()
      const box = p.locator('.el-message-box')
      await box.waitFor()
      await box.getByRole('button', { name: '退回' }).click()
      await expectText(box.locator('.el-message-box__errormsg'), '请填写退回原因', 'a reason is required')
      await shot(p, 'review-return-needs-reason')
      await box.locator('textarea').fill('请补充平台上线课程清单。')
      await box.getByRole('button', { name: '退回' }).click()
      await box.waitFor({ state: 'hidden' })
      await successMessage(p, '已退回')
      // In the returned list now, with the reason.
      await p.locator('[data-test=review-status]').click()
      await p.locator('.el-select-dropdown__item:visible').filter({ hasText: '已退回' }).click()
      await p.locator('.cj-search').getByRole('button', { name: '搜索' }).click()
      await waitTableLoaded(p, table)
      await expectText(rowsOf(table).filter({ hasText: '4.1' }), '已退回', 'the returned report')
    }],

    ['the event page lists the task books issued and the people commended', async () => {
      const p = page()
      await menu(p, 'events')
      await p.waitForURL(/\/cooperation\/events/)
      await p.locator('[data-test=event-timeline] a').filter({ hasText: '工作推进会' }).first().click()
      await p.waitForURL(/\/cooperation\/events\/\d+/)
      const books = p.locator('[data-action=task_book_issued]')
      await expectText(books, '颁发任务书', 'the task books issued')
      assert(await books.locator('[data-test=action-task-book]').count() === 3, 'three task books, each a link')
      for (const b of BOOKS) await expectText(books, b, `task book ${b}`)
      const commended = p.locator('[data-action=commendation]')
      await expectText(commended, '表彰', 'the commendations')
      assert(await commended.locator('[data-test=action-commendation]').count() === 6, 'six people commended')
      for (const n of COMMENDED) await expectText(commended, n, `${n} commended`)
      await books.locator('[data-test=action-task-book]').first().scrollIntoViewIfNeeded()
      await shot(p, 'event-taskbooks-commendations')
      await commended.locator('[data-test=action-commendation]').first().click()
      await p.waitForURL(/\/projects\/commendations\?event_id=\d+/)
      const table = p.locator('[data-test=commendation-table]')
      await waitTableLoaded(p, table)
      await expectText(p.locator('[data-test=total]'), '共 6 条', 'the commendations of the meeting')
      await shot(p, 'commendations')
      await p.goBack()
      await p.locator('[data-action=task_book_issued] [data-test=action-task-book]').filter({ hasText: BOOK }).click()
      await p.waitForURL(/\/projects\/task-books\/\d+/)
      await expectText(p.locator('[data-test=taskbook-title]'), BOOK, 'the task book opened from the event')
      await logout(p)
    }],

    ['the bureau viewer reads the projects and changes nothing', async () => {
      const p = page()
      await login(p, base, 'jyj')
      await menu(p, 'keyProjects')
      await waitTableLoaded(p, p.locator('[data-test=project-table]'))
      assert(await p.locator('[data-test=add]').count() === 0, 'no add button')
      assert(await p.locator('.el-menu-item[data-menu=reportReview]').count() === 0, 'no review queue')
      await openBook(p)
      assert(await p.locator('[data-test=report-btn]').count() === 0, 'no report buttons')
      assert(await p.locator('[data-test=add-task]').count() === 0, 'no add task')
      await shot(p, 'taskbook-bureau')
      await logout(p)
    }],

    ['usable at 1366×768', async () => {
      const p = page()
      await p.setViewportSize({ width: 1366, height: 768 })
      try {
        await login(p, base, 'zhoubb')
        await openBook(p)
        // The actions column stays reachable without scrolling the page sideways.
        const btn = taskRow(p, '3.2').locator('[data-test=report-btn]')
        const box = await btn.boundingBox()
        assert(box && box.x + box.width <= 1366, 'the report button is on screen')
        const scroll = await p.evaluate(() => document.documentElement.scrollWidth)
        assert(scroll <= 1366, `no horizontal page scroll (${scroll})`)
        const table = await p.locator('[data-test=task-tree] .el-table__body-wrapper .el-scrollbar__wrap').first().evaluate((el) => [el.scrollWidth, el.clientWidth])
        assert(table[0] <= table[1] + 1, `the outline fits without scrolling sideways (${table[0]} > ${table[1]})`)
        await shot(p, 'taskbook-1366')
        await logout(p)
      } finally {
        await p.setViewportSize({ width: 1440, height: 900 })
      }
    }]
  ]
}

runSuite({ argv: process.argv.slice(2), prefix: 'projects-', mine: (f) => f.startsWith('projects-'), steps })
