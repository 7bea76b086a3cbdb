#!/usr/bin/env node
/*
 * The browser suite of the talent module (studios and teams, outputs,
 * students, placements, certificates, employee trainings): the web app in
 * Debian's Chromium against the real chanjiao binary with a fresh demo
 * database on a random loopback port, as run.mjs does (tests/e2e/lib.mjs).
 *
 *   node tests/e2e/talent.mjs --binary build/chanjiao [--web web/dist]
 *        [--chromium /usr/bin/chromium] [--screenshots build/screenshots]
 *        [--only N] [--serve-arg ARG]... [--pg DIR]
 *
 * Screenshots at 1440×900 go to the screenshots folder as talent-NN-*.png;
 * the last line is "N passed, M failed" (exit 1 if any failed).
 */
import {
  assert, confirmBox, expectText, fillDate, fillItem, formItem, login, logout, menu, pickOption, runSuite, waitTableLoaded
} from './lib.mjs'

const FIVE_STUDIOS = [
  '唐果子制作技艺丁虎技能大师工作室',
  '嘉兴市工业机器人周斌斌技能大师工作室',
  '非遗技艺“黑陶”冯嘉生、冯飞大师工作室',
  '嘉兴技师学院国家专利研发团队',
  '嘉兴技师学院智能制造技术创新服务队'
]
const STUDENT = '测试学生甲'
const STUDENT_NO = '2025990001'
const GOOD_ID = '330402200705123615'
const BAD_ID = '330402200705123616' // the same number with a wrong check digit
const MASKED_ID = '330***********3615'
const PHONE = '13812345678'
const MASKED_PHONE = '138****5678'
const JXBL = '浙江加西贝拉科技服务股份有限公司'
const CERT_NO = 'S3304TEST0001'

const rowsOf = (table) => table.locator('.el-table__body-wrapper tbody tr')
/** The input of an el-input marked data-test=name (Element Plus puts the attribute on the input). */
const input = (p, name) => p.locator(`input[data-test=${name}], [data-test=${name}] input`).first()

function steps(ctx) {
  const { base, shot } = ctx
  const page = () => ctx.page
  const dialog = () => page().locator('.el-dialog:visible')

  return [
    ['the studio list shows the five studios of the founding meeting', async () => {
      const p = page()
      await login(p, base, 'admin')
      await expectText(p.locator('.el-sub-menu[data-menu=talent]'), '人才培养与社会服务', 'the talent menu group')
      await menu(p, 'studios')
      await p.waitForURL(/\/talent\/studios/)
      const table = p.locator('[data-test=studio-table]')
      await waitTableLoaded(p, table)
      await rowsOf(table).nth(4).waitFor()
      assert((await rowsOf(table).count()) === 5, `expected 5 studios, saw ${await rowsOf(table).count()}`)
      await expectText(p.locator('[data-test=total]'), '共 5 条', 'total')
      const text = await table.innerText()
      for (const name of FIVE_STUDIOS) assert(text.includes(name), `the list names ${name}`)
      await expectText(rowsOf(table).filter({ hasText: '技术创新服务队' }), '授旗', 'the service team got the flag')
      await expectText(rowsOf(table).filter({ hasText: '丁虎' }), '授牌', 'a studio got the plaque')
      await shot(p, 'studios')
    }],
    ['a studio page lists its leaders, members, outputs and trainings', async () => {
      const p = page()
      await p.locator('[data-test=studio-table] a').filter({ hasText: '周斌斌技能大师工作室' }).click()
      await p.waitForURL(/\/talent\/studios\/\d+/)
      await expectText(p.locator('[data-test=detail-title]'), '嘉兴市工业机器人周斌斌技能大师工作室', 'title')
      await expectText(p.locator('[data-test=studio-leaders]'), '周斌斌', 'the leader')
      await expectText(p.locator('[data-test=studio-members]'), '褚卫东', 'a member')
      await expectText(p.locator('[data-test=studio-event]'), '智造创新强市', 'the event where it was awarded')
      await waitTableLoaded(p, p.locator('[data-test=studio-outputs]'))
      await expectText(p.locator('[data-test=studio-outputs] tbody'), '工业机器人系统运维赛项一等奖', 'its competition award')
      await expectText(p.locator('[data-test=studio-trainings] tbody'), '工业机器人系统操作员培训', 'a training it gave')
      await expectText(p.locator('[data-test=studio-trainings] tbody'), '1,344', 'the person-hours (56 h × 24)')
      await shot(p, 'studio-detail')
      // The patent team's page lists its patents.
      await p.locator('.cj-detail-head').getByRole('button', { name: '返回' }).click()
      await p.locator('[data-test=studio-table] a').filter({ hasText: '国家专利研发团队' }).click()
      await p.waitForURL(/\/talent\/studios\/\d+/)
      await expectText(p.locator('[data-test=studio-leaders]'), '陈建华', 'the patent team leader')
      await expectText(p.locator('[data-test=studio-outputs] tbody'), '一种工业机器人末端快换夹具', 'a patent of the team')
      await expectText(p.locator('[data-test=studio-outputs] tbody'), '202321056231.5', 'its application number')
    }],
    ['the outputs have a tab per kind; a patent number is checked as typed', async () => {
      const p = page()
      await menu(p, 'outputs')
      await p.waitForURL(/\/talent\/outputs/)
      const table = p.locator('[data-test=output-table]')
      await waitTableLoaded(p, table)
      await expectText(p.locator('.el-tabs__item.is-active'), '专利', 'the patent tab first')
      await expectText(p.locator('[data-test=total]'), '共 4 条', 'four patents')
      await shot(p, 'outputs-patents')
      await p.locator('[data-test=add]').click()
      const dlg = dialog()
      await dlg.waitFor()
      await expectText(formItem(dlg, '成果类型'), '专利', 'the kind follows the tab')
      await fillItem(dlg, '成果名称', '一种压缩机装配工位快速定位装置')
      await fillItem(dlg, '申请号', '202310123456.7')
      await pickOption(p, formItem(dlg, '专利类型').locator('.el-select'), '发明专利')
      await dlg.locator('[data-test=dialog-save]').click()
      await expectText(dlg.locator('[data-field=application_no] .el-form-item__error'), '专利申请号校验位错误', 'the error beside the number')
      await shot(p, 'output-wrong-patent-no')
      await fillItem(dlg, '申请号', '202310123456.6')
      await dlg.locator('[data-field=application_no] .el-form-item__error').waitFor({ state: 'detached', timeout: 5000 })
      await dlg.locator('[data-test=dialog-save]').click()
      await p.locator('.el-message--success').first().waitFor()
      await dlg.waitFor({ state: 'hidden' })
      await waitTableLoaded(p, table)
      await expectText(table.locator('tbody'), '202310123456.6', 'the new patent is listed')
      // The technical services show their client and amounts.
      await p.locator('.el-tabs__item').filter({ hasText: '横向技术服务' }).click()
      await p.waitForURL(/kind=tech_service/)
      await waitTableLoaded(p, table)
      await expectText(rowsOf(table).filter({ hasText: '压缩机装配线' }), JXBL, 'the client')
      await expectText(rowsOf(table).filter({ hasText: '压缩机装配线' }), '¥380,000', 'the contract amount')
      await shot(p, 'outputs-tech-services')
    }],
    ['the specialty catalogue lists the twelve specialties; a duplicate code is refused beside the field', async () => {
      const p = page()
      await menu(p, 'specialties')
      await p.waitForURL(/\/talent\/specialties/)
      const table = p.locator('[data-test=specialty-table]')
      await waitTableLoaded(p, table)
      await expectText(p.locator('[data-test=total]'), '共 12 条', 'twelve specialties')
      await expectText(rowsOf(table).filter({ hasText: '0112-4' }), '工业机器人应用与维护', 'a specialty by its code')
      await expectText(rowsOf(table).filter({ hasText: '0112-4' }), '智能制造系', 'its department')
      await p.locator('[data-test=add]').click()
      const dlg = dialog()
      await dlg.waitFor()
      await fillItem(dlg, '专业代码', '0112-4')
      await fillItem(dlg, '专业名称', '工业机器人应用与维护（重复）')
      await dlg.locator('[data-test=dialog-save]').click()
      await expectText(dlg.locator('[data-field=code] .el-form-item__error'), '已存在', 'the duplicate beside the code')
      await fillItem(dlg, '专业代码', '0118-4')
      await fillItem(dlg, '专业名称', '智能网联汽车技术')
      await dlg.locator('[data-test=dialog-save]').click()
      await p.locator('.el-message--success').first().waitFor()
      await dlg.waitFor({ state: 'hidden' })
      await waitTableLoaded(p, table)
      await expectText(p.locator('[data-test=total]'), '共 13 条', 'the new specialty is counted')
      await shot(p, 'specialties')
    }],
    ['create a student with a wrong ID check digit: the error beside the field', async () => {
      const p = page()
      await menu(p, 'students')
      await p.waitForURL(/\/talent\/students/)
      const table = p.locator('[data-test=student-table]')
      await waitTableLoaded(p, table)
      await expectText(p.locator('[data-test=total]'), '共 320 条', 'the demo cohort')
      await shot(p, 'students')
      await p.locator('[data-test=add]').click()
      const dlg = dialog()
      await dlg.waitFor()
      await fillItem(dlg, '学号', STUDENT_NO)
      await fillItem(dlg, '姓名', STUDENT)
      await fillItem(dlg, '身份证号', BAD_ID)
      await fillItem(dlg, '手机号', PHONE)
      await fillItem(dlg, '专业', '工业机器人应用与维护')
      await fillItem(dlg, '班级', '2025级工业机器人应用与维护1班')
      await dlg.locator('[data-test=dialog-save]').click()
      await expectText(dlg.locator('[data-field=id_number] .el-form-item__error'), '居民身份证号码校验位错误', 'the error beside the ID number')
      await shot(p, 'student-wrong-id')
    }],
    ['fix it and save; the list shows the ID number and phone masked', async () => {
      const p = page()
      const dlg = dialog()
      await fillItem(dlg, '身份证号', GOOD_ID)
      await dlg.locator('[data-field=id_number] .el-form-item__error').waitFor({ state: 'detached', timeout: 5000 })
      await expectText(formItem(dlg, '身份证号'), '出生日期：2007-05-12', 'the birth date read from the number')
      await dlg.locator('[data-test=dialog-save]').click()
      await p.locator('.el-message--success').first().waitFor()
      await dlg.waitFor({ state: 'hidden' })
      const table = p.locator('[data-test=student-table]')
      await input(p, 'search-q').fill(STUDENT)
      await p.locator('[data-test=search-submit]').click()
      await waitTableLoaded(p, table)
      await expectText(p.locator('[data-test=total]'), '共 1 条', 'one match')
      const row = rowsOf(table).first()
      await expectText(row, STUDENT_NO, 'the new student')
      await expectText(row, MASKED_ID, 'the ID number masked')
      await expectText(row, MASKED_PHONE, 'the phone masked')
      const html = await p.content()
      assert(!html.includes(GOOD_ID) && !html.includes(PHONE), 'the full ID number and phone are nowhere on the page')
      await shot(p, 'student-masked')
    }],
    ['the administrator opens the full view, which says it is recorded', async () => {
      const p = page()
      const row = rowsOf(p.locator('[data-test=student-table]')).first()
      await row.locator('[data-test=view-pii]').click()
      const box = p.locator('.el-message-box')
      await box.waitFor()
      await expectText(box, '本次查看将被记录', 'the confirmation says the view is recorded')
      await shot(p, 'student-pii-confirm')
      await confirmBox(p, '查看完整信息')
      const pii = p.locator('[data-test=pii-dialog]')
      await expectText(pii.locator('[data-test=pii-id-number]'), GOOD_ID, 'the full ID number')
      await expectText(pii.locator('[data-test=pii-phone]'), PHONE, 'the full phone')
      await shot(p, 'student-pii')
      await pii.getByRole('button', { name: '关闭', exact: true }).click()
      await p.locator('[data-test=pii-id-number]').waitFor({ state: 'detached', timeout: 5000 })
      assert(!(await p.content()).includes(GOOD_ID), 'the full ID number is gone once the view is closed')
      // The view is in the audit log.
      const audit = await p.evaluate(async () => (await fetch('/api/v1/audit?size=5')).json())
      assert(audit.items.some((a) => a.action === 'pii_view' && a.entity === 'student'), 'an audit record of the view')
    }],
    ['search by ID number finds the student, and the number never goes in a URL', async () => {
      const p = page()
      const urls = []
      const onRequest = (r) => urls.push(`${r.method()} ${r.url()}`)
      p.on('request', onRequest)
      try {
        await p.getByRole('button', { name: '重置', exact: true }).click()
        const table = p.locator('[data-test=student-table]')
        await waitTableLoaded(p, table)
        await expectText(p.locator('[data-test=total]'), '共 321 条', 'all students again')
        await input(p, 'search-id-number').fill(GOOD_ID.slice(0, 17) + '9')
        await p.locator('[data-test=search-submit]').click()
        await expectText(p.locator('[data-field=search-id-number] .el-form-item__error'), '居民身份证号码校验位错误', 'a wrong number is not searched')
        await input(p, 'search-id-number').fill(GOOD_ID)
        await p.locator('[data-test=search-submit]').click()
        await p.locator('[data-test=id-search-tag]').waitFor()
        await waitTableLoaded(p, table)
        await expectText(p.locator('[data-test=total]'), '共 1 条', 'one match')
        await expectText(rowsOf(table).first(), STUDENT, 'the student found by the ID number')
        await shot(p, 'student-id-search')
      } finally {
        p.off('request', onRequest)
      }
      assert(urls.some((u) => u.startsWith('POST ') && u.endsWith('/api/v1/students/search')), 'the search is a POST')
      assert(!urls.some((u) => u.includes(GOOD_ID) || u.includes(GOOD_ID.slice(0, 17))), `no URL holds the ID number: ${urls.join(', ')}`)
      assert(!p.url().includes(GOOD_ID), 'nor the address bar')
    }],
    ['add a post internship, then an overlapping one: the overlap error beside the start date', async () => {
      const p = page()
      await menu(p, 'placements')
      await p.waitForURL(/\/talent\/placements/)
      const table = p.locator('[data-test=placement-table]')
      await waitTableLoaded(p, table)
      await shot(p, 'placements')
      const add = async (enterprise, typed, from, to) => {
        await p.locator('[data-test=add]').click()
        const dlg = dialog()
        await dlg.waitFor()
        await pickOption(p, dlg.locator('[data-field=student_id] .el-select'), STUDENT, STUDENT)
        await pickOption(p, dlg.locator('[data-field=enterprise_id] .el-select'), enterprise, typed)
        await expectText(formItem(dlg, '类型'), '岗位实习', 'post internship by default')
        await fillDate(p, dlg.locator('[data-field=start_date]'), from)
        await fillDate(p, dlg.locator('[data-field=end_date]'), to)
        await fillItem(dlg, '岗位', '装配技术员')
        await dlg.locator('[data-test=dialog-save]').click()
        return dlg
      }
      let dlg = await add(JXBL, '加西贝拉', '2026-03-01', '2026-06-30')
      await p.locator('.el-message--success').first().waitFor()
      await dlg.waitFor({ state: 'hidden' })
      await waitTableLoaded(p, table)
      await expectText(table.locator('tbody'), STUDENT, 'the internship is listed')
      dlg = await add('浙江嘉智智能科技股份有限公司', '嘉智', '2026-05-01', '2026-08-31')
      await expectText(dlg.locator('[data-field=start_date] .el-form-item__error'), '该学生在此期间已有岗位实习', 'the overlap beside the start date')
      await shot(p, 'placement-overlap')
      await dlg.getByRole('button', { name: '取消', exact: true }).click()
      await dlg.waitFor({ state: 'hidden' })
    }],
    ['a certificate of level 2 shows the 金蓝领 tag', async () => {
      const p = page()
      await menu(p, 'certificates')
      await p.waitForURL(/\/talent\/certificates/)
      const table = p.locator('[data-test=certificate-table]')
      await waitTableLoaded(p, table)
      await p.locator('[data-test=add]').click()
      const dlg = dialog()
      await dlg.waitFor()
      await pickOption(p, dlg.locator('[data-field=student_id] .el-select'), STUDENT, STUDENT)
      await fillItem(dlg, '职业（工种）', '工业机器人系统运维员')
      await pickOption(p, dlg.locator('[data-field=level] .el-select'), '二级/技师')
      await expectText(dlg.locator('[data-field=level]'), '金蓝领', 'the form says level 2 is gold collar')
      await fillItem(dlg, '证书编号', CERT_NO)
      await fillDate(p, formItem(dlg, '发证日期'), '2026-01-15')
      await dlg.locator('[data-test=dialog-save]').click()
      await p.locator('.el-message--success').first().waitFor()
      await dlg.waitFor({ state: 'hidden' })
      await input(p, 'search-q').fill(STUDENT)
      await p.locator('[data-test=search-submit]').click()
      await waitTableLoaded(p, table)
      const row = rowsOf(table).filter({ hasText: CERT_NO })
      await expectText(row, '二级/技师', 'the level')
      await expectText(row.locator('[data-test=gold-collar]'), '金蓝领', 'the gold-collar tag')
      await shot(p, 'certificate-gold-collar')
      // Level 3 is not gold collar.
      await p.getByRole('button', { name: '重置', exact: true }).click()
      await pickOption(p, p.locator('[data-test=search-level]'), '三级/高级工')
      await p.locator('[data-test=search-submit]').click()
      await waitTableLoaded(p, table)
      await rowsOf(table).first().waitFor()
      assert((await table.locator('[data-test=gold-collar]').count()) === 0, 'no gold-collar tag at level 3')
    }],
    ['the trainings list shows the person-hours', async () => {
      const p = page()
      await menu(p, 'trainings')
      await p.waitForURL(/\/talent\/trainings/)
      const table = p.locator('[data-test=training-table]')
      await waitTableLoaded(p, table)
      await expectText(p.locator('[data-test=total]'), '共 12 条', 'a year of trainings')
      const row = rowsOf(table).filter({ hasText: '压缩机装配工（中级）岗位技能提升培训' })
      await expectText(row.locator('[data-test=person-hours]'), '1,440', 'person-hours = 40 h × 36')
      await shot(p, 'trainings')
    }],
    ['the enterprise page of 加西贝拉 shows its interns, the graduates it hired and its trainings', async () => {
      const p = page()
      await menu(p, 'enterprises')
      await p.waitForURL(/\/cooperation\/enterprises/)
      await waitTableLoaded(p, p.locator('[data-test=enterprise-table]'))
      await input(p, 'search-q').fill('加西贝拉')
      await p.locator('[data-test=search-submit]').click()
      await waitTableLoaded(p, p.locator('[data-test=enterprise-table]'))
      await p.locator('[data-test=enterprise-table] a').filter({ hasText: JXBL }).click()
      await p.waitForURL(/\/cooperation\/enterprises\/\d+/)
      const interns = p.locator('[data-test=enterprise-interns]')
      await waitTableLoaded(p, interns)
      await expectText(interns.locator('.cj-section-title'), '岗位实习学生', 'the interns section')
      await expectText(interns.locator('.cj-section-title'), '10', 'nine demo interns and ours')
      await expectText(interns.locator('tbody'), STUDENT, 'our new intern')
      await expectText(p.locator('[data-test=enterprise-hired] tbody'), '技术员', 'a graduate it hired')
      await expectText(p.locator('[data-test=enterprise-trainings] tbody'), '压缩机装配工（中级）岗位技能提升培训', 'a training for its employees')
      await interns.scrollIntoViewIfNeeded()
      await shot(p, 'enterprise-talent')
    }],
    ['a staff user has no full-view button and no ID-number search', async () => {
      const p = page()
      await logout(p)
      await login(p, base, 'zhoubb')
      await menu(p, 'students')
      const table = p.locator('[data-test=student-table]')
      await waitTableLoaded(p, table)
      await rowsOf(table).first().waitFor()
      assert((await p.locator('[data-test=view-pii]').count()) === 0, 'no 查看完整信息 for staff')
      assert(!(await table.innerText()).includes('查看完整信息'), 'no full view in the table')
      // the exact search by ID number is for those who may see numbers in full (the server answers 403)
      assert((await p.locator('[data-test=search-id-number]').count()) === 0, 'no ID-number search for staff')
      await shot(p, 'staff-students')
    }],
    ['an enterprise contact sees only 实习与就业 and 职工培训, and confirms its intern', async () => {
      const p = page()
      await logout(p)
      await login(p, base, 'hugl')
      const group = p.locator('.el-sub-menu[data-menu=talent]')
      await expectText(group, '实习与就业', 'placements in the menu')
      await expectText(group, '职工培训', 'trainings in the menu')
      const items = await group.locator('.el-menu-item').evaluateAll((els) => els.map((e) => e.getAttribute('data-menu')))
      assert(JSON.stringify(items) === JSON.stringify(['placements', 'trainings']), `the talent menu of a contact: ${items}`)
      await menu(p, 'placements')
      const table = p.locator('[data-test=placement-table]')
      await waitTableLoaded(p, table)
      assert((await p.locator('[data-test=add]').count()) === 0, 'a contact adds no placements')
      const row = rowsOf(table).filter({ hasText: STUDENT })
      await expectText(row, '待确认', 'our intern waits for the confirmation')
      await shot(p, 'contact-placements')
      await row.locator('[data-test=confirm]').click()
      await expectText(p.locator('.el-message-box'), JXBL, 'the confirmation names the enterprise')
      await confirmBox(p, '确认')
      await p.locator('.el-message--success').first().waitFor()
      await waitTableLoaded(p, table)
      await expectText(rowsOf(table).filter({ hasText: STUDENT }), '已确认', 'confirmed')
      assert((await rowsOf(table).filter({ hasText: STUDENT }).locator('[data-test=confirm]').count()) === 0, 'no second confirmation')
      await shot(p, 'contact-confirmed')
      await menu(p, 'trainings')
      const trainings = p.locator('[data-test=training-table]')
      await waitTableLoaded(p, trainings)
      await expectText(p.locator('[data-test=total]'), '共 2 条', 'only its own trainings')
      await p.goto(`${base}/talent/students`)
      await expectText(p.locator('.el-result'), '403', 'a contact may not open the students')
    }],
    ['the talent pages fit a 1366×768 screen and read in English', async () => {
      const p = page()
      await logout(p)
      await login(p, base, 'admin')
      await p.setViewportSize({ width: 1366, height: 768 })
      try {
        for (const path of ['talent/studios', 'talent/outputs', 'talent/students', 'talent/placements', 'talent/certificates', 'talent/trainings']) {
          await p.goto(`${base}/${path}`)
          const table = p.locator('.el-table').first()
          await waitTableLoaded(p, table)
          await rowsOf(table).first().waitFor()
          const [sw, cw] = await p.evaluate(() => { const m = document.querySelector('.cj-main'); return [m.scrollWidth, m.clientWidth] })
          assert(sw <= cw, `${path}: the page scrolls sideways (${sw} > ${cw})`)
          assert(await p.locator('.el-table__fixed-right, .el-table-fixed-column--right').first().isVisible(), `${path}: the actions stay in view`)
          assert(await p.locator('.el-pagination').first().isVisible(), `${path}: the pagination is in the page`)
        }
      } finally {
        await p.setViewportSize({ width: 1440, height: 900 })
      }
      await p.goto(`${base}/talent/studios`)
      await p.locator('[data-test=lang-switch]').click()
      await p.locator('.el-dropdown-menu__item').filter({ hasText: 'English' }).click()
      await expectText(p.locator('.el-sub-menu[data-menu=talent]'), 'Talent & services', 'the menu in English')
      await expectText(p.locator('[data-test=studio-table] thead'), 'Leaders', 'the table in English')
      await expectText(p.locator('[data-test=studio-table] tbody'), 'Skill-master studio', 'the dictionary in English')
      await shot(p, 'studios-en')
      await p.locator('[data-test=lang-switch]').click()
      await p.locator('.el-dropdown-menu__item').filter({ hasText: '简体中文' }).click()
      await expectText(p.locator('.el-sub-menu[data-menu=talent]'), '人才培养与社会服务', 'back in Chinese')
    }]
  ]
}

runSuite({ argv: process.argv.slice(2), prefix: 'talent-', mine: (f) => f.startsWith('talent-'), steps })
